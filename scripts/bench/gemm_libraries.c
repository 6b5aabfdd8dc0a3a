/* sgemm at the shapes of the MLP, CNN (im2col) and transformer models: OpenBLAS, BLIS and oneDNN
   side by side in one process (each loaded with dlopen, so their cblas_sgemm symbols do not clash),
   GFLOP/s as the median of 7 timings.
     apt-get install libopenblas-dev libblis-dev libdnnl-dev
     cc -O2 scripts/bench/gemm_libraries.c -o /tmp/gemm_libraries -ldl
     OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 OMP_NUM_THREADS=1 /tmp/gemm_libraries
     OPENBLAS_CORETYPE=SkylakeX ... (OpenBLAS 0.3.21 picks SSE3 kernels on CPUs newer than it) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
typedef void (*cblas_sgemm_t)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
typedef int (*dnnl_sgemm_t)(char, char, long, long, long, float, const float*, long, const float*, long, float, float*, long);
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  cblas_sgemm_t ob=0,bl=0; dnnl_sgemm_t dn=0;
  void*h1=dlopen("libopenblas.so.0",RTLD_NOW|RTLD_LOCAL|RTLD_DEEPBIND); if(h1) ob=(cblas_sgemm_t)dlsym(h1,"cblas_sgemm");
  void*h2=dlopen("libblis.so.4",RTLD_NOW|RTLD_LOCAL|RTLD_DEEPBIND); if(h2) bl=(cblas_sgemm_t)dlsym(h2,"cblas_sgemm");
  void*h3=dlopen("libdnnl.so.2",RTLD_NOW|RTLD_LOCAL|RTLD_DEEPBIND); if(h3) dn=(dnnl_sgemm_t)dlsym(h3,"dnnl_sgemm");
  printf("openblas %p blis %p dnnl %p\n",ob,bl,dn);
  int shapes[][5]={ // M N K transA transB  (row-major C = op(A) op(B))
    {128,512,784,0,0},{128,512,512,0,0},{128,10,512,0,0},{784,512,128,1,0},{128,784,512,0,1},{512,512,128,1,0},
    {32,512,784,0,0},{256,1024,1024,0,0},{100352,32,9,0,0},{25088,64,288,0,0},{25088,288,64,0,1},{288,64,25088,1,0},
    {2048,384,128,0,0},{2048,128,128,0,0},{2048,512,128,0,0},{2048,128,512,0,0},{128,384,2048,1,0},{64,64,32,0,1},{64,32,64,0,0}};
  int ns=sizeof(shapes)/sizeof(shapes[0]);
  printf("%-28s %10s %10s %10s  (GFLOP/s, median of 7)\n","M N K tA tB","openblas","blis","dnnl");
  for(int s=0;s<ns;s++){int M=shapes[s][0],N=shapes[s][1],K=shapes[s][2],ta=shapes[s][3],tb=shapes[s][4];
    float*A=malloc(sizeof(float)*M*K),*B=malloc(sizeof(float)*K*N),*C=malloc(sizeof(float)*M*N);
    for(long i=0;i<(long)M*K;i++)A[i]=(i%7)*0.1f; for(long i=0;i<(long)K*N;i++)B[i]=(i%5)*0.1f;
    int lda=ta?M:K, ldb=tb?K:N; double flops=2.0*M*N*K; double res[3];
    long reps = (long)(2e9/flops); if(reps<3)reps=3; if(reps>2000)reps=2000;
    for(int lib=0;lib<3;lib++){ double ts[7];
      for(int r=0;r<7;r++){ double t0=now();
        for(long q=0;q<reps;q++){
          if(lib==0&&ob) ob(101,ta?112:111,tb?112:111,M,N,K,1,A,lda,B,ldb,0,C,N);
          if(lib==1&&bl) bl(101,ta?112:111,tb?112:111,M,N,K,1,A,lda,B,ldb,0,C,N);
          if(lib==2&&dn) dn(ta?'T':'N',tb?'T':'N',M,N,K,1,A,lda,B,ldb,0,C,N);}
        ts[r]=(now()-t0)/reps;}
      for(int i=0;i<7;i++)for(int j=i+1;j<7;j++)if(ts[j]<ts[i]){double t=ts[i];ts[i]=ts[j];ts[j]=t;}
      res[lib]=flops/ts[3]/1e9;}
    char name[64];snprintf(name,64,"%d %d %d %c %c",M,N,K,ta?'T':'N',tb?'T':'N');
    printf("%-28s %10.1f %10.1f %10.1f\n",name,res[0],res[1],res[2]); fflush(stdout);
    free(A);free(B);free(C);}
}
