#!/usr/bin/env bash
# Writes a SYNTHETIC month of patrol GPS for the ingest benchmark (issue 12): OFFICERS officers
# (default 200), each on an 8-hour shift every day for DAYS days (default 30, at most 31: January 2026), a fix every PERIOD
# seconds (default 5): 200 x 30 x 5,760 = 34.6 M pings. Each officer walks at 1.4 m/s from one
# hotspot anchor to another and stays 10-15 minutes at each, with 5-15 m of noise. ANCHORS is a
# file of "x y" lines in the store's CRS (e.g. hotspot centroids), the output goes to OUT (put it in
# /tmp: never commit it). Measure with:
#   bench/ping_month.sh anchors.txt /tmp/pings-month.csv
#   /usr/bin/time -v build/grip --db demo.gpkg ingest /tmp/pings-month.csv
# Target (bench/ping_ingest_bench.cpp states it too): the month in under 2 minutes on one core, with
# peak memory bounded by the bucket buffers plus one bucket, not by the file (under 500 MB).
set -euo pipefail
anchors=${1:?anchors file}
out=${2:?output csv}
officers=${OFFICERS:-200}
days=${DAYS:-30}
period=${PERIOD:-5}
awk -v officers="$officers" -v days="$days" -v period="$period" -v seed=2026 '
  BEGIN { srand(seed); n = 0 }
  { ax[n] = $1; ay[n] = $2; n++ }
  END {
    print "officer_id,timestamp,easting,northing,accuracy_m,source"
    shift_fixes = int(8 * 3600 / period)
    for (o = 0; o < officers; o++) {
      id = sprintf("PC %05d", 10000 + o)
      for (d = 0; d < days; d++) {
        day = sprintf("2026-01-%02d", d + 1)
        shift_start = (o % 3) * 8 * 3600
        a = int(rand() * n); x = ax[a]; y = ay[a]; stay = 600 + rand() * 300; target = -1
        for (k = 0; k < shift_fixes; k++) {
          if (target < 0) {
            stay -= period
            if (stay <= 0) { target = int(rand() * n) }
          } else {
            dx = ax[target] - x; dy = ay[target] - y; dist = sqrt(dx * dx + dy * dy); step = 1.4 * period
            if (dist <= step) { x = ax[target]; y = ay[target]; target = -1; stay = 600 + rand() * 300 }
            else { x += dx / dist * step; y += dy / dist * step }
          }
          noise = 5 + rand() * 10
          s = shift_start + k * period
          printf "%s,%sT%02d:%02d:%02dZ,%.1f,%.1f,%.0f,radio\n", id, day, int(s / 3600), int(s / 60) % 60, s % 60,
                 x + (rand() - 0.5) * 2 * noise, y + (rand() - 0.5) * 2 * noise, noise
        }
      }
    }
  }' "$anchors" > "$out"
