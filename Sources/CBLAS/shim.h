#include <cblas.h>

/* LAPACK's symmetric eigensolver (divide and conquer), exported by OpenBLAS. Debian ships no
   lapacke.h, so the Fortran entry point is declared here (DescentOptim's Shampoo and SOAP). */
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
