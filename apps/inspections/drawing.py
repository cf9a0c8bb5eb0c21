"""The draw of DESIGN.md (双随机), as plain functions over codes: standard library only,
so what the server computes is what anyone recomputes from the published JSON
(scripts/verify_draw.py is an independent copy of these rules).

All hashes are SHA-256 over UTF-8 text, lowercase hex.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable


class DrawError(Exception):
    """The draw cannot go on (too few eligible inspectors for an entity); the message is
    Chinese and names the entity."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(codes: Iterable[str]) -> str:
    """A list's canonical form: sorted in string order, compact JSON, non-ASCII kept."""

    return json.dumps(sorted(codes), ensure_ascii=False, separators=(",", ":"))


def new_server_seed() -> str:
    return secrets.token_hex(32)


def commitment_of(server_seed: str) -> str:
    return sha256(server_seed)


def seed_of(server_seed: str, witness_phrase: str) -> str:
    return sha256(server_seed + ":" + witness_phrase)


def rank_entities(seed: str, entities: list[str]) -> list[str]:
    return sorted(entities, key=lambda code: sha256(seed + ":entity:" + code))


def draw(
    *,
    seed: str,
    entities: list[str],
    inspectors: list[str],
    recusals: Iterable[tuple[str, str] | list[str]],
    k: int,
    m: int,
    load_limit: int,
    names: dict[str, str] | None = None,
) -> list[dict[str, object]]:
    """The first `k` entities by rank, each with its first `m` inspectors by rank among
    those not recused from it and below `load_limit` assignments so far.

    Raises DrawError naming the entity when fewer than `m` are eligible for it."""

    if m < 2:
        raise DrawError("每个检查对象至少需要2名执法人员。")
    recused = {(inspector, entity) for inspector, entity in recusals}
    load = dict.fromkeys(inspectors, 0)
    result: list[dict[str, object]] = []
    for entity in rank_entities(seed, entities)[:k]:
        eligible = [code for code in inspectors if (code, entity) not in recused and load[code] < load_limit]
        if len(eligible) < m:
            label = (names or {}).get(entity, entity)
            raise DrawError(
                f"“{label}”只有 {len(eligible)} 名符合条件的执法人员（需要 {m} 名），抽取已停止。"
                "请增加执法人员、调整回避关系或每人检查上限后重新发起。"
            )
        chosen = sorted(eligible, key=lambda code: sha256(seed + ":" + entity + ":" + code))[:m]
        for code in chosen:
            load[code] += 1
        result.append({"entity": entity, "inspectors": chosen})
    return result
