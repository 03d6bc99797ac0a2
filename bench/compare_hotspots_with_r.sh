#!/usr/bin/env bash
# Times `grip hotspots` against R on the same Essex grid: spatstat's density.ppp (quartic KDE) and
# spdep's localG (Gi*, queen with self, binary) on the 250 m grid Grip builds, and prints the ratios.
# Grip times its whole run (read, grid, KDE 300 m, Gi*, monthly trends, selection, writes); R times
# each of the two kernels alone, so the ratios understate Grip's lead.
# Usage: bench/compare_hotspots_with_r.sh [build-dir] [cell-size-m]   (default build-hs, 250)
# Needs: sqlite3, ../shared/data; R with spatstat.explore and spdep for the R side (skipped if absent).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build-hs}"
cell="${2:-250}"
data="$here/../shared/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/essex.gpkg"

"$build/grip" --db "$db" -q ingest "$data/boundaries/essex-districts.geojson" "$data/police-uk/street" >/dev/null
start=$(date +%s.%N)
"$build/grip" --db "$db" --json hotspots --cell-size "$cell" --bandwidth 300 >"$work/run.json"
end=$(date +%s.%N)
grip_s=$(echo "$end - $start" | bc -l)
printf 'grip hotspots (whole run, %s m cells): %.3f s\n' "$cell" "$grip_s"

if ! command -v Rscript >/dev/null || ! Rscript -e 'stopifnot(requireNamespace("spdep", quietly=TRUE), requireNamespace("spatstat.explore", quietly=TRUE))' >/dev/null 2>&1; then
  echo "R with spdep and spatstat.explore is not installed: no comparison (apt-get install r-cran-spdep r-cran-spatstat.explore)"
  exit 0
fi

# The points Grip analysed (victim-generated street crime, harm-weighted, not flagged outliers).
sqlite3 -csv "$db" "SELECT i.x, i.y, c.harm_weight FROM incidents i JOIN categories c USING (category)
  WHERE c.origin = 'victim-generated' AND i.outside_km IS NULL" >"$work/points.csv"
python3 - "$work/run.json" >"$work/grid.txt" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))["grid"]
print(g["x0"], g["y0"], g["cell_size_m"], g["nx"], g["ny"])
PY
read -r x0 y0 cs nx ny <"$work/grid.txt"

Rscript - "$work/points.csv" "$x0" "$y0" "$cs" "$nx" "$ny" "$grip_s" <<'R'
suppressMessages({library(spatstat.explore); library(spdep)})
a <- commandArgs(trailingOnly = TRUE)
p <- read.csv(a[1], header = FALSE, col.names = c("x", "y", "w"))
x0 <- as.numeric(a[2]); y0 <- as.numeric(a[3]); cs <- as.numeric(a[4])
nx <- as.integer(a[5]); ny <- as.integer(a[6]); grip_s <- as.numeric(a[7])
win <- owin(c(x0, x0 + nx * cs), c(y0, y0 + ny * cs))
inside <- inside.owin(p$x, p$y, win)
pts <- ppp(p$x[inside], p$y[inside], window = win)
# Quartic with 300 m support: spatstat's sigma is the kernel's sd per axis, 300/sqrt(8).
kde_s <- system.time(d <- density.ppp(pts, sigma = 300 / sqrt(8), kernel = "quartic", weights = p$w[inside],
                                      dimyx = c(ny, nx), edge = FALSE))[["elapsed"]]
col <- pmin(nx - 1L, floor((p$x[inside] - x0) / cs)); row <- pmin(ny - 1L, floor((p$y[inside] - y0) / cs))
values <- numeric(nx * ny)
agg <- tapply(p$w[inside], row * nx + col + 1L, sum)
values[as.integer(names(agg))] <- agg
gi_s <- system.time({
  nb <- cell2nb(ny, nx, type = "queen")
  lw <- nb2listw(include.self(nb), style = "B")
  z <- localG(values, lw)
})[["elapsed"]]
cat(sprintf("R spatstat density.ppp (quartic, %d x %d): %.3f s\n", nx, ny, kde_s))
cat(sprintf("R spdep localG (queen + self, %d cells, includes building the weights): %.3f s\n", nx * ny, gi_s))
cat(sprintf("ratio R KDE / Grip whole run: %.1f x; R Gi* / Grip whole run: %.1f x; R both / Grip: %.1f x\n",
            kde_s / grip_s, gi_s / grip_s, (kde_s + gi_s) / grip_s))
R
