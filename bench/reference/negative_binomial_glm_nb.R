# Reference values for tests/forecast/negative_binomial_regression_test.cpp: MASS::glm.nb on a small
# over-dispersed count set (30 rows: intercept, a numeric x, a 0/1 group), and the same rows pooled with
# frequency weights. Run: Rscript bench/reference/negative_binomial_glm_nb.R
library(MASS)
x <- (0:29) / 10
g <- rep(c(0, 1), 15)
y <- c(0, 2, 1, 0, 4, 1, 0, 3, 7, 2, 1, 0, 5, 9, 2, 1, 6, 3, 0, 12, 4, 2, 8, 15, 3, 1, 10, 6, 2, 20)
fit <- glm.nb(y ~ x + g, control = glm.control(epsilon = 1e-12, maxit = 100))
cat(R.version.string, "MASS", as.character(packageVersion("MASS")), "\n")
print(coef(fit), digits = 12)
cat("theta", format(fit$theta, digits = 12), "SE", format(fit$SE.theta, digits = 12), "\n")
cat("twologlik", format(fit$twologlik, digits = 12), "\n")
# Pooled: each row twice and a third copy of the first ten, as weights.
w <- c(rep(3, 10), rep(2, 20))
pooled <- glm.nb(y ~ x + g, weights = w, control = glm.control(epsilon = 1e-12, maxit = 100))
print(coef(pooled), digits = 12)
cat("theta", format(pooled$theta, digits = 12), "\n")
