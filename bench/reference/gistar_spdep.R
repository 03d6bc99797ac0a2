# Reference Getis-Ord Gi* z-scores for tests/hotspot/gistar_test.cpp, computed by R spdep::localG
# with include.self() binary weights (the form METHODS.md specifies). Run with
#   Rscript bench/reference/gistar_spdep.R
# (Debian: apt-get install r-base-core r-cran-spdep; produced with R 4.2.2, spdep 1.2-7).
# The grid is 7 columns x 6 rows; spdep's cell2nb numbers cells "col:row" row by row with the
# column fastest, the same row-major order as grip::geo::Grid (row 1 here = Grip row 0).
suppressMessages(library(spdep))

nx <- 7L
ny <- 6L
values <- c(0, 1, 0, 2, 0, 0, 1,
            1, 3, 5, 4, 1, 0, 0,
            0, 4, 9, 7, 2, 1, 0,
            0, 2, 6, 5, 1, 0, 0,
            0, 0, 1, 1, 0, 0, 3,
            1, 0, 0, 0, 0, 2, 4.5)
col <- rep(seq_len(nx), times = ny)
row <- rep(seq_len(ny), each = nx)

show <- function(label, z) {
  cat(label, "\n")
  cat(sprintf("%.15g", z), sep = ",\n")
  cat("\n")
}

gistar <- function(nb, x) {
  listw <- nb2listw(include.self(nb), style = "B", zero.policy = TRUE)
  as.numeric(localG(x, listw, zero.policy = TRUE))
}

# 1. Queen contiguity with self over the whole grid.
queen <- cell2nb(ny, nx, type = "queen")
show("queen, all 42 cells", gistar(queen, values))

# 2. Queen with two cells taken out of the study area: Grip cells 0 ("1:1") and 25 ("5:4").
keep <- !(seq_len(nx * ny) %in% c(1L, 26L))
show("queen, cells 0 and 25 masked out (z for the 40 kept cells, in order)",
     gistar(subset(queen, keep), values[keep]))

# 3. Euclidean distance band of 2 cells (centre to centre) with self, whole grid.
coords <- cbind(col, row)
disc <- dnearneigh(coords, 0, 2 + 1e-9)
show("disc band 2 cells, all 42 cells", gistar(disc, values))

# 4. Square (Chebyshev) band of 2 cells, i.e. queen widened to a 5x5 window, built by hand.
square <- lapply(seq_len(nx * ny), function(i) {
  j <- which(pmax(abs(col - col[i]), abs(row - row[i])) <= 2 & seq_len(nx * ny) != i)
  as.integer(j)
})
class(square) <- "nb"
attr(square, "region.id") <- as.character(seq_len(nx * ny))
show("square band 2 cells, all 42 cells", gistar(square, values))
