"""`make bench`: seed a separate database at county and province scale, serve it with
gunicorn, load a few portal pages and report their latency as ratios to a one-query
anchor page served by the same server in the same run. See docs/benchmark.md."""
