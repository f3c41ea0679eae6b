"""``clean --list-rules`` and ``clean --explain RULE``: the rules' own documentation."""

from __future__ import annotations

import textwrap

from cleaner.registry import all_rules, rule_by_id


def list_rules() -> str:
    width = max(len(rule.id) for rule in all_rules())
    rows = [
        f"{rule.id:<{width}}  {'on ' if rule.enabled_by_default else 'off'}  {rule.summary}"
        for rule in all_rules()
    ]
    return "\n".join(rows)


def _quote(text: str) -> str:
    return textwrap.indent(text, "    | ", predicate=lambda line: True)


def explain_rule(rule_id: str) -> str:
    rule = rule_by_id(rule_id)
    state = "on by default" if rule.enabled_by_default else "off by default"
    parts = [
        f"{rule.id} ({state}, phase {rule.phase.name.lower()})",
        "",
        rule.summary,
        "",
        textwrap.fill(rule.why, width=88),
    ]
    for number, example in enumerate(rule.examples, start=1):
        parts += ["", f"Example {number}, before:", _quote(example.before), "after:"]
        parts.append(_quote(example.after))
        if example.metadata:
            parts.append("metadata: " + ", ".join(f"{k}={v!r}" for k, v in example.metadata))
    for keep in rule.keeps:
        parts += ["", "Left untouched:", _quote(keep)]
    return "\n".join(parts)
