"""The pages and API for phones at the game table: a Starlette app over one
:class:`~morgenmaken.table.game_room.GameRoom`.

A player joins by the QR code on the shared screen, picks their own name from the team's seats
and gets a device token; from then on the phone shows that player's roles — hand, goal, each
card's cost, effects now, later and elsewhere and its source, what is already coming — and
proposes for them, all players at the same time. In vote mode it votes in secret. The room (the
table layer) decides what is allowed and keeps every proposal and vote on disk before this app
answers; this app only checks who is asking and whether the request is well-formed, with the
same limits, headers and anti-forgery checks as the werksessie's pages (:mod:`web.common`).

What a phone may see is worded here, in the phone's language, from the engine's public state:
its own roles' hands, the proposals on the table, and for a vote only whether *this* player has
voted — never another player's hand or vote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from morgenmaken.engine import Decision
from morgenmaken.i18n import t
from morgenmaken.table.game_room import GameRoom
from morgenmaken.table.room import Device, RoomError
from morgenmaken.web.common import (
    DeviceApp,
    Problem,
    device_routes,
    identifier,
    page_lang,
)
from morgenmaken.wording import (
    amount,
    cost_text,
    effect_lines,
    effect_text,
    number,
    outlook_lines,
    pipeline_totals,
    player_roles,
    proposal_limit,
    role_name,
    shared_role,
    signed,
    unavailable_reason,
)

__all__ = ["GameWeb", "create_game_app", "phone_view"]

#: Most cards one proposal may name (a role proposes one to three a round).
MAX_CARDS = 6


def _card(room: GameRoom, card_id: str, lang: str,
          words: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    """A card as a phone shows it: what it does, what it costs, when its effects land. The
    card's own words never change in a game, so they are worded once (`words`) and only
    whether it can be proposed now is asked each time: a phone's view costs the laptop
    little while its window draws."""
    state = room.state
    fixed = words.get((card_id, lang))
    if fixed is None:
        scenario = state.scenario
        card = scenario.card(card_id)
        lines = effect_lines(scenario, card.effects, card.per_round)
        fixed = {"id": card_id, "title": card.title.get(lang), "text": card.text.get(lang),
                 "cost": cost_text(card, lang),
                 "effects": [{"kind": line.kind, "text": effect_text(scenario, line, lang)}
                             for line in lines],
                 "source": card.source.get(lang) if card.source else ""}
        words[(card_id, lang)] = fixed
    return {**fixed, "reason": unavailable_reason(state, card_id, lang)}


def phone_view(room: GameRoom, token: str, lang: str,
               words: dict[tuple[str, str], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything one phone may know now, worded in `lang` (JSON-ready); `words` keeps the
    cards' own words between calls (one per served table)."""
    words = {} if words is None else words
    with room.lock:
        player = room.device(token)
        if player is None:
            raise RoomError("unknown_device", "this device has not joined the table")
        state = room.state
        scenario = state.scenario
        met = set(state.goals_met())
        roles = []
        for role_id in room.roles_of(token):
            role = scenario.role(role_id)
            intent = room.intents.get(role_id)
            problem = room.problems.get(role_id)
            roles.append({
                "id": role_id, "name": role.name.get(lang),
                "portfolio": role.portfolio.get(lang),
                "goal": role.goal.text.get(lang) if role.goal else "",
                "goal_met": role_id in met,
                "turn": state.current_role == role_id,
                "left": room.left_to_propose(role_id),
                "capped": room.capped(role_id),
                "waiting": list(intent.cards) if intent is not None else None,
                "problem": t(f"web.game.error.{problem}", lang) if problem else "",
                "on_table": [p.card for p in state.proposals if p.role == role_id],
                "hand": [_card(room, c, lang, words) for c in state.hands[role_id]],
            })
        table = [{"card": p.card, "title": scenario.card(p.card).title.get(lang),
                  "role": role_name(state, p.role, lang), "adopted": p.adopted}
                 for p in state.proposals]
        voting = []
        if state.config.decision == Decision.VOTE:
            for card_id in room.to_vote():
                voting.append({"card": card_id, "title": scenario.card(card_id).title.get(lang),
                               "voted": room.has_voted(player, card_id)})
        coming = [{"year": state.year + (rnd - state.round) * scenario.years_per_round,
                   "items": [f"{scenario.variable(v).name.get(lang)} {signed(d, 0, lang)}"
                             for v, d in totals]}
                  for rnd, totals in pipeline_totals(state)]
        names = room.players()
        return {
            "you": names[player], "version": room.version, "round": state.round,
            "rounds": state.last_round, "year": state.year,
            "phase": "over" if state.is_terminal() else state.phase.value,
            "decision": state.config.decision.value,
            "budget": amount(state.budget, lang), "score": number(state.score(), 1, lang),
            "bar": number(state.compiled.win_threshold, 0, lang),
            "roles": roles, "table": table, "voting": voting, "coming": coming,
            "outlook": outlook_lines(state, lang),  # the engine keeps it per state
            "max_cards": state.compiled.proposals_per_role,
            # the player's limit over all their roles, where it binds (None: it does not)
            "limit": proposal_limit(state, player, lang, you=True,
                                    waiting=room.readied(player)),
            # the roles this player shares with others: who speaks for them this round
            "shared": [{"role": role_id, "text": f"{role_name(state, role_id, lang)}: "
                        f"{shared_role(state, role_id, lang)}"}
                       for role_id, seats in state.role_seats.items()
                       if player in seats and len(seats) > 1],
        }


class GameWeb(DeviceApp):
    """The app for one game table: the join page, the player's page and its API."""

    room: GameRoom
    refusals = "web.game.error"

    def __init__(self, room: GameRoom, address: str, **limits: float) -> None:
        super().__init__(room, address, **limits)
        #: The cards' own words per language, worded once for every phone of the table.
        self.card_words: dict[tuple[str, str], dict[str, Any]] = {}

    def _config(self, token: str, lang: str) -> dict[str, Any]:
        strings = {key: t(f"web.game.{key}", lang) for key in (
            "you", "round_of", "budget", "score", "your_roles", "goal", "goal_met", "hand",
            "choose_up_to", "choose_up_to_one", "propose", "pass", "pick", "picked",
            "proposal_waiting", "proposal_placed", "turn_over", "capped", "withdraw", "table",
            "nothing_on_table", "adopted",
            "vote_heading", "vote_yes", "vote_no", "voted", "vote_wait", "coming",
            "nothing_coming", "outlook",
            "deciding", "over", "cost", "source", "unavailable", "now", "later", "elders",
            "per_round", "news")}
        strings.update({key: t(f"web.{key}", lang) for key in ("offline", "saved", "saving",
                                                               "not_saved")})
        return {"room": self.room.code, "base": f"/{self.room.code}", "lang": lang,
                "csrf": self.room.csrf(token), "strings": strings}

    async def room_page(self, request: Request) -> Response:
        """The player's page when this device joined, else the seats to choose from."""
        lang = page_lang(request)
        try:
            self.check_code(request)
        except Problem:
            return self.not_here(request)
        token = self.known_device(request)
        if token is not None:
            config = json.dumps(self._config(token, lang), ensure_ascii=False)
            return self.page("game_phone.html.j2", lang, page_title=t("web.game.title", lang),
                             config=config.replace("</", "<\\/"))
        return self.join_form(request, lang, error=None)

    def join_form(self, request: Request, lang: str, error: str | None,
                   status: int = 200) -> Response:
        nonce = self.join_nonce(request)
        with self.room.lock:
            taken = self.room.taken()
            seats = [{"index": i, "name": name, "taken": i in taken,
                      "roles": ", ".join(player_roles(self.room.state, i, lang))}
                     for i, name in enumerate(self.room.players())]
        response = self.page("game_join.html.j2", lang, page_title=t("web.game.title", lang),
                             nonce=nonce, error=error, seats=seats)
        response.status_code = status
        return self.set_nonce(response, nonce)

    def joined(self, fields: dict[str, str]) -> Callable[[], Device]:
        """Join as the seat chosen."""
        raw = fields.get("player", "")
        if not raw.isdigit() or len(raw) > 2:
            raise Problem(400, "bad_request")
        return partial(self.room.join, int(raw))

    async def state(self, request: Request) -> Response:
        """What this phone may see now (JSON)."""
        try:
            self.check_code(request)
            token = self.check_device(request, change=False)
            view = phone_view(self.room, token, page_lang(request), self.card_words)
        except Problem as problem:
            return self.error(request, problem)
        except RoomError as error:
            return self._refused(request, error)
        return JSONResponse(view, headers={"Cache-Control": "no-store"})

    def _refused(self, request: Request, error: RoomError) -> Response:
        lang = page_lang(request)
        return JSONResponse({"error": error.code,
                             "message": t(f"web.game.error.{error.code}", lang)},
                            status_code=409 if error.code != "unknown_device" else 401,
                            headers={"Cache-Control": "no-store"})

    async def propose(self, request: Request) -> Response:
        """A role's proposal (cards, or none to pass); answered once it is on disk."""
        try:
            token, data = await self.change(request)
            role = identifier(data.get("role"))
            cards = data.get("cards")
            if (not isinstance(cards, list) or len(cards) > MAX_CARDS
                    or not all(isinstance(c, str) for c in cards)):
                raise Problem(400, "bad_request")
            cards = [identifier(c) for c in cards]
            await run_in_threadpool(self.room.propose, token, role, cards)
        except Problem as problem:
            return self.error(request, problem)
        except RoomError as error:
            return self._refused(request, error)
        return JSONResponse({"saved": True, "role": role, "cards": cards},
                            headers={"Cache-Control": "no-store"})

    async def withdraw(self, request: Request) -> Response:
        """Take back a waiting proposal."""
        try:
            token, data = await self.change(request)
            role = identifier(data.get("role"))
            await run_in_threadpool(self.room.withdraw, token, role)
        except Problem as problem:
            return self.error(request, problem)
        except RoomError as error:
            return self._refused(request, error)
        return JSONResponse({"saved": True, "role": role}, headers={"Cache-Control": "no-store"})

    async def vote(self, request: Request) -> Response:
        """A secret vote on one proposal; answered once it is on disk."""
        try:
            token, data = await self.change(request)
            card = identifier(data.get("card"))
            yes = data.get("yes")
            if type(yes) is not bool:
                raise Problem(400, "bad_request")
            await run_in_threadpool(self.room.vote, token, card, yes)
        except Problem as problem:
            return self.error(request, problem)
        except RoomError as error:
            return self._refused(request, error)
        return JSONResponse({"saved": True, "card": card}, headers={"Cache-Control": "no-store"})


def create_game_app(room: GameRoom, address: str, **limits: float) -> Starlette:
    """The Starlette app serving a game table; `address` is what the pages say they are."""
    web = GameWeb(room, address, **limits)
    app = Starlette(routes=device_routes(
        web,
        Route("/{code}/api/propose", web.propose, methods=["POST"]),
        Route("/{code}/api/withdraw", web.withdraw, methods=["POST"]),
        Route("/{code}/api/vote", web.vote, methods=["POST"])))
    app.state.web = web
    return app

