"""The SQL function behind every `search_grams` column (apps/core/filtersets.py).

Stock PostgreSQL only: pg_trgm makes no trigram from a one- or two-character Chinese
query, so the index holds one- and two-character pieces of each word instead, each
prefixed by the owning bureau so that one GIN lookup stays inside a bureau.
IMMUTABLE, so a generated column may call it.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION portal_search_grams(owner bigint, body text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT coalesce(owner, 0)::text || ':' || g), '{}')
  FROM (
    SELECT substr(w, i, n) AS g
    FROM regexp_split_to_table(lower(coalesce(body, '')), '\s+') AS w,
         generate_series(1, 2) AS n,
         generate_series(1, length(w) - n + 1) AS i
  ) AS pieces
  WHERE g <> ''
$$;
"""

DROP = "DROP FUNCTION IF EXISTS portal_search_grams(bigint, text);"


class Migration(migrations.Migration):
    dependencies = [("core", "0006_import_job")]

    operations = [migrations.RunSQL(CREATE, DROP)]
