"""The pygame_gui theme, generated from the palette and the layout.

pygame_gui themes are JSON with fixed pixel sizes; generating the theme from the window's layout
is what makes type and padding scale with the window. A new theme (and manager) is made on every
resize.
"""

from __future__ import annotations

from typing import Any

from morgenmaken.ui import palette as p
from morgenmaken.ui.fonts import BOLD, FONT_NAME, REGULAR, font_path
from morgenmaken.ui.layout import Layout


def _font(size: int, bold: bool = False) -> dict[str, str]:
    return {
        "name": FONT_NAME,
        "size": str(size),
        "bold": "1" if bold else "0",
        "regular_path": str(font_path(REGULAR)),
        "bold_path": str(font_path(BOLD)),
    }


def _colours(bg: p.Colour, text: p.Colour = p.TEXT, hover: p.Colour | None = None,
             border: p.Colour = p.BORDER) -> dict[str, str]:
    hover = hover or p.PANEL_RAISED
    return {
        "normal_bg": p.hex_colour(bg),
        "hovered_bg": p.hex_colour(hover),
        "disabled_bg": p.hex_colour(p.DISABLED_BG),
        "selected_bg": p.hex_colour(p.BLUE),
        "active_bg": p.hex_colour(p.BLUE),
        "normal_text": p.hex_colour(text),
        "hovered_text": p.hex_colour(text if hover != p.ACCENT else p.TEXT_ON_ACCENT),
        "disabled_text": p.hex_colour(p.DISABLED_TEXT),
        "selected_text": p.hex_colour(p.TEXT),
        "active_text": p.hex_colour(p.TEXT),
        "normal_border": p.hex_colour(border),
        "hovered_border": p.hex_colour(p.TEXT),
        "disabled_border": p.hex_colour(p.DISABLED_BG),
        "selected_border": p.hex_colour(p.TEXT),
        "active_border": p.hex_colour(p.TEXT),
        "dark_bg": p.hex_colour(p.PANEL),
        "text_cursor": p.hex_colour(p.TEXT),
        "link_text": p.hex_colour(p.SKY_BLUE),
        "link_hover": p.hex_colour(p.YELLOW),
        "link_selected": p.hex_colour(p.YELLOW),
        "filled_bar": p.hex_colour(p.SKY_BLUE),
        "unfilled_bar": p.hex_colour(p.PANEL_RAISED),
    }


def tooltip_width(layout: Layout) -> int:
    """How wide a tooltip wraps: 22 units (about 40 characters of body text), never more
    than half the window."""
    return min(layout.u(22), layout.width // 2)


def build_theme(layout: Layout) -> dict[str, Any]:
    """The theme for a window of this layout."""
    u = layout.unit
    border = str(max(2, u // 10))
    radius = str(max(3, u // 4))
    pad = f"{max(4, u // 2)},{max(2, u // 6)}"
    button_misc = {"border_width": border, "shadow_width": "0", "shape": "rectangle",
                   "shape_corner_radius": radius, "text_horiz_alignment_padding": str(u // 2)}
    return {
        "defaults": {"colours": _colours(p.PANEL), "font": _font(layout.body)},
        "button": {"colours": _colours(p.PANEL_RAISED), "font": _font(layout.body),
                   "misc": button_misc},
        "#primary": {"colours": _colours(p.SKY_BLUE, p.TEXT_ON_ACCENT, p.YELLOW, p.SKY_BLUE),
                     "font": _font(layout.body, bold=True), "misc": button_misc},
        "#primary_large": {"colours": _colours(p.SKY_BLUE, p.TEXT_ON_ACCENT, p.YELLOW,
                                               p.SKY_BLUE),
                           "font": _font(layout.large, bold=True), "misc": button_misc},
        "#button_large": {"colours": _colours(p.PANEL_RAISED), "font": _font(layout.large),
                          "misc": button_misc},
        "#danger": {"colours": _colours(p.PANEL_RAISED, p.TEXT, border=p.VERMILLION),
                    "font": _font(layout.body), "misc": button_misc},
        "#row": {"colours": {**_colours(p.PANEL), "normal_bg": "#00000000",
                             "normal_border": "#00000000",
                             "hovered_bg": p.hex_colour(p.TEXT, 40),
                             "disabled_bg": "#00000000", "disabled_border": "#00000000"},
                 "font": _font(layout.body),
                 "misc": {**button_misc, "border_width": "1",
                          "text_horiz_alignment": "left"}},
        "#toggle_on": {"colours": _colours(p.BLUE, p.TEXT, p.SKY_BLUE, p.TEXT),
                       "font": _font(layout.body, bold=True), "misc": button_misc},
        "label": {"colours": {"normal_text": p.hex_colour(p.TEXT),
                              "dark_bg": "#00000000"},
                  "font": _font(layout.body),
                  "misc": {"text_horiz_alignment": "left"}},
        "#heading": {"colours": {"normal_text": p.hex_colour(p.TEXT)},
                     "font": _font(layout.heading, bold=True),
                     "misc": {"text_horiz_alignment": "left"}},
        "#strong": {"colours": {"normal_text": p.hex_colour(p.TEXT)},
                    "font": _font(layout.body, bold=True),
                    "misc": {"text_horiz_alignment": "left"}},
        "#title": {"colours": {"normal_text": p.hex_colour(p.YELLOW)},
                   "font": _font(layout.title, bold=True),
                   "misc": {"text_horiz_alignment": "center"}},
        "#centred": {"colours": {"normal_text": p.hex_colour(p.TEXT)},
                     "font": _font(layout.body),
                     "misc": {"text_horiz_alignment": "center"}},
        "#dim": {"colours": {"normal_text": p.hex_colour(p.TEXT_DIM)},
                 "font": _font(layout.body), "misc": {"text_horiz_alignment": "left"}},
        "text_box": {"colours": {**_colours(p.PANEL), "dark_bg": p.hex_colour(p.PANEL)},
                     "font": _font(layout.body),
                     "misc": {"border_width": "1", "padding": pad,
                              "shape": "rectangle", "shape_corner_radius": radius,
                              "line_spacing": "1.1"}},
        "#small": {"font": _font(layout.small)},
        "#small_plain": {"colours": {"dark_bg": "#00000000", "normal_border": "#00000000"},
                         "font": _font(layout.small),
                         "misc": {"border_width": "0", "padding": "0,0"}},
        "#large": {"font": _font(layout.large)},
        "#large_plain": {"colours": {"dark_bg": "#00000000", "normal_border": "#00000000"},
                         "font": _font(layout.large),
                         "misc": {"border_width": "0", "padding": "0,0"}},
        "#plain": {"colours": {"dark_bg": "#00000000", "normal_border": "#00000000"},
                   "misc": {"border_width": "0", "padding": "0,0"}},
        "text_entry_line": {"colours": {**_colours(p.BACKGROUND),
                                        "dark_bg": p.hex_colour(p.BACKGROUND),
                                        "selected_bg": p.hex_colour(p.BLUE)},
                            "font": _font(layout.body),
                            "misc": {"border_width": border, "padding": pad,
                                     "shape": "rectangle",
                                     "shape_corner_radius": radius}},
        "panel": {"colours": {"dark_bg": p.hex_colour(p.PANEL),
                              "normal_border": p.hex_colour(p.BORDER)},
                  "misc": {"border_width": "1", "shape": "rectangle",
                           "shape_corner_radius": radius}},
        "tool_tip": {"colours": {"dark_bg": p.hex_colour(p.BACKGROUND),
                                 "normal_border": p.hex_colour(p.YELLOW),
                                 "normal_text": p.hex_colour(p.TEXT)},
                     "font": _font(layout.body),
                     # Wide enough that no word is ever split (the toolkit's 170 px broke
                     # "aannemen" into "aannem-" and "-en"); a card's text still reads as a
                     # paragraph, not one long line.
                     "misc": {"border_width": border, "padding": pad,
                              "rect_width": str(tooltip_width(layout))}},
        "tool_tip.text_box": {"colours": {"dark_bg": p.hex_colour(p.BACKGROUND),
                                          "normal_border": p.hex_colour(p.YELLOW)},
                              "font": _font(layout.body)},
        "selection_list": {"colours": _colours(p.PANEL), "font": _font(layout.body),
                           "misc": {"border_width": border, "list_item_height": str(layout.row)}},
        "#scenarios": {"colours": _colours(p.PANEL), "font": _font(layout.body),
                       "misc": {"border_width": border, "list_item_height": str(layout.line)}},
        "#scenarios.@selection_list_item": {
            "colours": {**_colours(p.PANEL), "selected_bg": p.hex_colour(p.BLUE)},
            "font": _font(layout.body), "misc": {"text_horiz_alignment": "left",
                                                 "text_horiz_alignment_padding": str(u // 2)}},
        "selection_list.@selection_list_item": {
            "colours": {**_colours(p.PANEL), "selected_bg": p.hex_colour(p.BLUE)},
            "font": _font(layout.body), "misc": {"text_horiz_alignment": "left",
                                                 "text_horiz_alignment_padding": str(u // 2)}},
        "vertical_scroll_bar": {"colours": _colours(p.PANEL),
                                "misc": {"border_width": "1"}},
        "scrolling_container": {"colours": {"dark_bg": "#00000000"}},
    }
