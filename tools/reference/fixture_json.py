"""The JSON layout of the committed fixtures: compact, but one line per row of a top-level list of lists or objects,
so a fixture's diff shows which rows changed."""

import json


def dump_rows(obj):
    lines = ["{"]
    items = list(obj.items())
    for k, (key, val) in enumerate(items):
        end = "," if k < len(items) - 1 else ""
        if isinstance(val, list) and val and isinstance(val[0], (list, dict)):
            rows = [json.dumps(r, ensure_ascii=False) for r in val]
            lines.append(f" {json.dumps(key)}: [\n  " + ",\n  ".join(rows) + "\n ]" + end)
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(val, ensure_ascii=False)}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"
