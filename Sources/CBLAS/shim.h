#ifndef CLUSTERMATCH_CBLAS_SHIM_H
#define CLUSTERMATCH_CBLAS_SHIM_H
#include <cblas.h>
#endif
