#!/usr/bin/env python3
"""Check a 双随机 draw of 高平教育法治 from its published JSON alone.

    python scripts/verify_draw.py draw-12.json
    python scripts/verify_draw.py https://example.org/public/inspections/draws/12.json

Standard library only, and written apart from the portal's own code: it recomputes
the list hashes, the commitment, the seed and the result by the rules of the design
(DESIGN.md, "The verifiable random draw") and says what differs, if anything.
Exit status 0 when the draw is right, 1 when it is not, 2 when the file cannot be read.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.request


def h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(codes: list[str]) -> str:
    return json.dumps(codes, ensure_ascii=False, separators=(",", ":"))


def recompute(data: dict) -> tuple[list[dict], str | None]:
    """The result the rules give for this JSON, and why the draw stopped if it did."""

    seed = data["seed"]
    recused = {(pair[0], pair[1]) for pair in data.get("recusals", [])}
    load = {code: 0 for code in data["inspectors"]}
    ranked = sorted(data["entities"], key=lambda code: h(seed + ":entity:" + code))
    result = []
    for entity in ranked[: data["k"]]:
        eligible = [c for c in data["inspectors"] if (c, entity) not in recused and load[c] < data["load_limit"]]
        if len(eligible) < data["m"]:
            return result, f"对象 {entity} 只有 {len(eligible)} 名符合条件的执法人员，少于 {data['m']} 名"
        chosen = sorted(eligible, key=lambda c: h(seed + ":" + entity + ":" + c))[: data["m"]]
        for c in chosen:
            load[c] += 1
        result.append({"entity": entity, "inspectors": chosen})
    return result, None


def verify(data: dict) -> list[str]:
    """Every difference found; an empty list means the draw is right."""

    problems: list[str] = []
    required = ["entities", "entities_sha256", "inspectors", "inspectors_sha256", "k", "m", "load_limit",
                "commitment", "server_seed", "witness_phrase", "seed", "result"]  # fmt: skip
    missing = [key for key in required if data.get(key) is None]
    if missing:
        return [f"缺少字段：{', '.join(missing)}（抽取尚未揭晓时没有服务器种子，无法核验）"]
    for name in ("entities", "inspectors"):
        codes = data[name]
        if codes != sorted(codes):
            problems.append(f"{name} 没有按字符串顺序排列")
        if len(set(codes)) != len(codes):
            problems.append(f"{name} 有重复编码")
        got = h(canonical(codes))
        if got != data[f"{name}_sha256"]:
            problems.append(f"{name}_sha256 不符：清单算得 {got}，公布的是 {data[name + '_sha256']}")
    if data["m"] < 2:
        problems.append(f"m = {data['m']}，每个对象至少需要2名执法人员")
    got = h(data["server_seed"])
    if got != data["commitment"]:
        problems.append(f"承诺值不符：sha256(server_seed) = {got}，公布的承诺值是 {data['commitment']}")
    seed = h(data["server_seed"] + ":" + data["witness_phrase"])
    if seed != data["seed"]:
        problems.append(f'种子不符：sha256(server_seed + ":" + witness_phrase) = {seed}，公布的是 {data["seed"]}')
    expected, stopped = recompute({**data, "seed": seed})
    if stopped:
        problems.append(f"按规则抽取应当停止：{stopped}")
    published = data["result"]
    if published != expected:
        for i in range(max(len(published), len(expected))):
            want = expected[i] if i < len(expected) else None
            got_row = published[i] if i < len(published) else None
            if want != got_row:
                problems.append(f"结果第 {i + 1} 行不符：应为 {json.dumps(want, ensure_ascii=False)}，"
                                f"公布的是 {json.dumps(got_row, ensure_ascii=False)}")  # fmt: skip
    return problems


def load(source: str) -> dict:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310 - the user's own URL
            return json.loads(response.read().decode("utf-8"))
    with open(source, encoding="utf-8-sig") as f:
        return json.load(f)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    try:
        data = load(argv[1])
    except (OSError, ValueError) as error:
        print(f"无法读取 {argv[1]}：{error}")
        return 2
    problems = verify(data)
    if data.get("voided"):
        print(f"注意：该抽取已作废（原因：{data['voided'].get('reason')}）。")
    if problems:
        print("核验不通过：")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"核验通过：{data.get('plan', '')}")
    counts = f"候选对象 {len(data['entities'])} 个，执法人员 {len(data['inspectors'])} 名"
    print(f"  {counts}，抽取 {data['k']} 个对象，每个 {data['m']} 名执法人员。")
    for row in data["result"]:
        print(f"  {row['entity']}: {'、'.join(row['inspectors'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
