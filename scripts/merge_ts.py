"""A git merge driver for Qt .ts translation files: the union of both sides' messages.

Two branches that each add strings (and their Turkish) would otherwise conflict on every
neighbouring ``<location>`` line. Set it up once per clone::

    git config merge.qtts.driver "python3 scripts/merge_ts.py %O %A %B"

(``.gitattributes`` names the driver for ``resources/i18n/*.ts``). The result is written to
%A. A message is keyed by (context, source, comment); when both sides translated it differently
the side that changed it since the common ancestor wins (ours when both did). Run
``make i18n-update`` after a merge to refresh the locations.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

Key = tuple[str, str, str]


def _text(el: ET.Element | None) -> str:
    return "" if el is None else (el.text or "")


def _key(context: str, message: ET.Element) -> Key:
    return (context, _text(message.find("source")), _text(message.find("comment")))


def _translation(message: ET.Element) -> tuple[bool, str]:
    """(finished, text incl. plural forms)."""
    tr = message.find("translation")
    if tr is None:
        return False, ""
    forms = [f.text or "" for f in tr.findall("numerusform")]
    text = "\x00".join(forms) if forms else (tr.text or "")
    return tr.get("type") not in ("unfinished", "vanished", "obsolete") and bool(text), text


def _messages(root: ET.Element) -> dict[Key, ET.Element]:
    out: dict[Key, ET.Element] = {}
    for ctx in root.findall("context"):
        name = _text(ctx.find("name"))
        for m in ctx.findall("message"):
            out[_key(name, m)] = m
    return out


def merge(base: ET.Element | None, ours: ET.Element, theirs: ET.Element) -> ET.Element:
    base_msgs = _messages(base) if base is not None else {}
    our_msgs = _messages(ours)
    contexts = {_text(c.find("name")): c for c in ours.findall("context")}
    for ctx in theirs.findall("context"):
        name = _text(ctx.find("name"))
        for m in ctx.findall("message"):
            key = _key(name, m)
            mine = our_msgs.get(key)
            if mine is None:
                target = contexts.get(name)
                if target is None:
                    target = ET.SubElement(ours, "context")
                    ET.SubElement(target, "name").text = name
                    contexts[name] = target
                target.append(m)
                our_msgs[key] = m
                continue
            my_done, my_text = _translation(mine)
            their_done, their_text = _translation(m)
            if their_done and (not my_done or my_text != their_text):
                old = base_msgs.get(key)
                base_text = _translation(old)[1] if old is not None else None
                if not my_done or (base_text == my_text and their_text != base_text):
                    old_tr = mine.find("translation")
                    if old_tr is not None:
                        mine.remove(old_tr)
                    mine.append(m.find("translation"))  # type: ignore[arg-type]
    return ours


def _read(path: str) -> ET.Element | None:
    p = Path(path)
    if not p.is_file() or p.stat().st_size == 0:
        return None
    return ET.parse(p).getroot()


def main(argv: list[str]) -> int:
    base_path, ours_path, theirs_path = argv[1:4]
    ours, theirs = _read(ours_path), _read(theirs_path)
    if ours is None or theirs is None:
        return 1
    result = merge(_read(base_path), ours, theirs)
    ET.indent(result, space="    ")
    body = ET.tostring(result, encoding="unicode")
    Path(ours_path).write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
