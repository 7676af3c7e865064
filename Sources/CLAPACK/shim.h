/* LAPACKE, the C interface to LAPACK (Debian: liblapacke-dev; the LAPACK behind it is OpenBLAS's when
 * libopenblas-dev is installed, which scripts/setup does). */
#ifndef RIBBON_CLAPACK_SHIM_H
#define RIBBON_CLAPACK_SHIM_H

#include <lapacke.h>

#endif
