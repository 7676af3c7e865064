/* The GSL headers ribbon uses, plus accessors for GSL's global type objects.
 *
 * GSL exposes algorithm choices as mutable global pointers (e.g. gsl_root_fsolver_brent).
 * Swift 6 strict concurrency refuses to read such globals from Swift; a static inline
 * function returning the pointer is a plain call and compiles cleanly. */
#ifndef RIBBON_CGSL_SHIM_H
#define RIBBON_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_sf_ellint.h>
#include <gsl/gsl_sf_elljac.h>
#include <gsl/gsl_sf_zeta.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_sf_result.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>

static inline const gsl_root_fsolver_type *cgsl_root_fsolver_brent(void) {
    return gsl_root_fsolver_brent;
}

static inline const gsl_odeiv2_step_type *cgsl_odeiv2_step_rk8pd(void) {
    return gsl_odeiv2_step_rk8pd;
}

static inline const gsl_integration_fixed_type *cgsl_integration_fixed_hermite(void) {
    return gsl_integration_fixed_hermite;
}

static inline const gsl_rng_type *cgsl_rng_mt19937(void) {
    return gsl_rng_mt19937;
}

static inline const gsl_interp_type *cgsl_interp_cspline(void) {
    return gsl_interp_cspline;
}

static inline const char *cgsl_version(void) {
    return gsl_version;
}

#endif
