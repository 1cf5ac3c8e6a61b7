"""The small condition language of scenarios, e.g. ``draagvlak >= 30 and round >= 2``.

Scenario files are data, never code, so conditions are parsed by this grammar instead of
``eval``. It knows numbers, names (variable ids, ``round`` and ``year``), ``+ - * /``,
comparisons, ``and``/``or``/``not`` and parentheses::

    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | NUMBER | NAME | "(" or ")"

A parsed condition is compiled into a closure over the engine's value list, so evaluating it
in the hot loop costs a few function calls, not a tree walk over strings.

>>> expr = parse("gezondheid < 40 and round >= 2")
>>> sorted(expr.names())
['gezondheid', 'round']
>>> fn = expr.compile({"gezondheid": 0})
>>> fn([35.0], 3, 2030), fn([45.0], 3, 2030)
(True, False)
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from morgenmaken.i18n import Phrase, phrase

#: Names every condition may use besides variable ids.
BUILTIN_NAMES = ("round", "year")

Evaluator = Callable[[Sequence[float], int, int], float | bool]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[<>+\-*/()]))"
)
_COMPARE = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


#: A condition longer than this is a mistake (real ones are a line); the bound keeps parsing
#: and evaluating it cheap and its tree shallow.
MAX_LENGTH = 500

#: Parentheses, ``not`` and ``-`` nested deeper than this are a mistake; the bound keeps the
#: parser (which recurses) far from Python's recursion limit.
MAX_NESTING = 25


class ExpressionError(ValueError):
    """A condition that does not parse; `column` is the 0-based offset in the text."""

    def __init__(self, words: Phrase, column: int) -> None:
        super().__init__(words.text("en"))
        #: What is wrong, said in the reader's language (locale/scenario.yaml).
        self.words = words
        self.column = column


@dataclass(frozen=True)
class Node:
    """A parsed expression: an operator with children, a number or a name."""

    kind: str  # "num", "name", "neg", "not", "and", "or", "cmp", "arith"
    value: object = None
    children: tuple[Node, ...] = ()
    column: int = 0

    def names(self) -> set[str]:
        """Every name the expression refers to."""
        found = {str(self.value)} if self.kind == "name" else set()
        for child in self.children:
            found |= child.names()
        return found

    def name_columns(self) -> list[tuple[str, int]]:
        """Every name with its column, for locating unknown names."""
        found = [(str(self.value), self.column)] if self.kind == "name" else []
        for child in self.children:
            found.extend(child.name_columns())
        return found

    def compile(self, index: Mapping[str, int]) -> Evaluator:
        """A closure ``f(values, round, year)`` evaluating this expression.

        `index` maps variable ids to positions in `values`; unknown names raise KeyError,
        which the scenario checks report with a location before the engine ever sees them.
        """
        kind = self.kind
        if kind == "num":
            number = float(self.value)  # type: ignore[arg-type]
            return lambda values, rnd, year: number
        if kind == "name":
            name = str(self.value)
            if name == "round":
                return lambda values, rnd, year: rnd
            if name == "year":
                return lambda values, rnd, year: year
            position = index[name]
            return lambda values, rnd, year: values[position]
        if kind == "cmp":
            fast = self._compile_simple_comparison(index)
            if fast is not None:
                return fast
        parts = [child.compile(index) for child in self.children]
        if kind == "neg":
            (inner,) = parts
            return lambda values, rnd, year: -inner(values, rnd, year)
        if kind == "not":
            (inner,) = parts
            return lambda values, rnd, year: not inner(values, rnd, year)
        left, right = parts
        if kind == "and":
            return lambda values, rnd, year: bool(left(values, rnd, year)
                                                  and right(values, rnd, year))
        if kind == "or":
            return lambda values, rnd, year: bool(left(values, rnd, year)
                                                  or right(values, rnd, year))
        op = _COMPARE[str(self.value)] if kind == "cmp" else _ARITH[str(self.value)]
        if self.value == "/":
            def divide(values: Sequence[float], rnd: int, year: int) -> float:
                denominator = right(values, rnd, year)
                return left(values, rnd, year) / denominator if denominator else 0.0
            return divide
        return lambda values, rnd, year: op(left(values, rnd, year), right(values, rnd, year))


    def _compile_simple_comparison(self, index: Mapping[str, int]) -> Evaluator | None:
        """``name <op> number``, the commonest condition, as one closure instead of three.

        Conditions are evaluated for every card and event every round of every simulated
        game, so this shape is worth its own path.
        """
        left, right = self.children
        if left.kind != "name" or right.kind != "num":
            return None
        op = _COMPARE[str(self.value)]
        number = float(right.value)  # type: ignore[arg-type]
        name = str(left.value)
        if name == "round":
            return lambda values, rnd, year: op(rnd, number)
        if name == "year":
            return lambda values, rnd, year: op(year, number)
        position = index[name]
        return lambda values, rnd, year: op(values[position], number)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        start = len(text) - len(text[position:].lstrip())
        if text.startswith("<>", start):
            raise ExpressionError(phrase("scn.cond.diamond"), start)
        if match is None or match.end() == position:
            column = len(text) - len(text[position:].lstrip())
            typo = _operator_typo(text, column)
            if typo is not None:
                raise ExpressionError(typo, column)
            raise ExpressionError(phrase("scn.cond.character", character=repr(text[column])),
                                  column)
        kind = match.lastgroup or ""
        token = match.group(kind)
        column = match.start(kind)
        if kind == "name" and token in ("and", "or", "not"):
            kind = "op"
        tokens.append((kind, token, column))
        position = match.end()
    return tokens


#: Operators from other languages or typed the wrong way round, with what the author meant.
_OPERATOR_TYPOS = (("=>", ">="), ("=<", "<="), ("=!", "!="), ("<>", "!="), ("&&", "and"),
                   ("||", "or"), ("!", "not"), ("&", "and"), ("|", "or"), ("=", "=="))


def _operator_typo(text: str, column: int) -> Phrase | None:
    """``unexpected '=>'; did you mean '>='?`` for an operator typed the wrong way: naming
    the intended operator is the whole fix, where the list of operators makes the author
    search."""
    for typo, meant in _OPERATOR_TYPOS:
        if text.startswith(typo, column):
            return phrase("scn.cond.typo", typo=repr(typo), meant=repr(meant))
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise ExpressionError(phrase("scn.cond.too_long", length=len(text),
                                         most=MAX_LENGTH), 0)
        self.text = text
        self.tokens = _tokenize(text)
        self.at = 0
        self.depth = 0

    def deeper(self, column: int) -> None:
        """One more level of parentheses, ``not`` or ``-``; too many is a located error."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(phrase("scn.cond.too_deep", most=MAX_NESTING), column)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, *ops: str) -> tuple[str, str, int] | None:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in ops:
            self.at += 1
            return token
        return None

    def parse(self) -> Node:
        if not self.tokens:
            raise ExpressionError(phrase("scn.cond.empty"), 0)
        node = self.parse_or()
        token = self.peek()
        if token is not None:
            raise ExpressionError(phrase("scn.cond.missing_and", token=repr(token[1])),
                                  token[2])
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while (token := self.take("or")) is not None:
            node = Node("or", None, (node, self.parse_and()), token[2])
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while (token := self.take("and")) is not None:
            node = Node("and", None, (node, self.parse_not()), token[2])
        return node

    def parse_not(self) -> Node:
        token = self.take("not")
        if token is not None:
            self.deeper(token[2])
            node = Node("not", None, (self.parse_not(),), token[2])
            self.depth -= 1
            return node
        return self.parse_comparison()

    def parse_comparison(self) -> Node:
        node = self.parse_sum()
        token = self.take(*_COMPARE)
        if token is not None:
            node = Node("cmp", token[1], (node, self.parse_sum()), token[2])
        return node

    def parse_sum(self) -> Node:
        node = self.parse_product()
        while (token := self.take("+", "-")) is not None:
            node = Node("arith", token[1], (node, self.parse_product()), token[2])
        return node

    def parse_product(self) -> Node:
        node = self.parse_unary()
        while (token := self.take("*", "/")) is not None:
            node = Node("arith", token[1], (node, self.parse_unary()), token[2])
        return node

    def parse_unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise ExpressionError(phrase("scn.cond.ends_early"), len(self.text))
        kind, text, column = token
        self.at += 1
        if kind == "op" and text == "-":
            self.deeper(column)
            node = Node("neg", None, (self.parse_unary(),), column)
            self.depth -= 1
            return node
        if kind == "number":
            return Node("num", float(text), (), column)
        if kind == "name":
            return Node("name", text, (), column)
        if kind == "op" and text == "(":
            self.deeper(column)
            node = self.parse_or()
            if self.take(")") is None:
                raise ExpressionError(phrase("scn.cond.missing_paren"), len(self.text))
            self.depth -= 1
            return node
        raise ExpressionError(phrase("scn.cond.unexpected", token=repr(text)), column)


@functools.lru_cache(maxsize=8192)
def parse(text: str) -> Node:
    """Parse a condition; raises :class:`ExpressionError` with the column of the problem.

    Kept for the next ask (the tree is immutable): validate's reference checks, its warnings
    and the engine's compile each parse every condition, and a generated scenario repeats
    the same few conditions on thousands of cards. Errors are not kept (raised anew)."""
    return _Parser(text).parse()
