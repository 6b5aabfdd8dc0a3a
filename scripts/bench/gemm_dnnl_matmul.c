/* oneDNN's sgemm against its matmul primitive (brgemm kernels), with the weights in their
   given layout and prepacked into the primitive's own ("any") layout, at the MLP and
   transformer shapes; GFLOP/s by thread CPU time (best of 9), so that load from other
   processes on a shared machine does not count.
     apt-get install libdnnl-dev
     cc -O2 scripts/bench/gemm_dnnl_matmul.c -o /tmp/gemm_dnnl_matmul -ldnnl
     OMP_NUM_THREADS=1 /tmp/gemm_dnnl_matmul
   2026-12-01, this machine: sgemm 155-200 GFLOP/s, prepacked matmul 0-10% faster at the MLP's
   inference shapes (256x512x784 N T), no faster elsewhere: the products are near the core's peak. */
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define CHECK(x) do{dnnl_status_t s=(x); if(s!=dnnl_success){printf("fail %d at %s\n",s,#x);exit(1);}}while(0)
int main(){
  dnnl_engine_t eng; CHECK(dnnl_engine_create(&eng,dnnl_cpu,0));
  dnnl_stream_t st; CHECK(dnnl_stream_create(&st,eng,dnnl_stream_default_flags));
  int shapes[][5]={{256,512,784,0,1},{256,512,512,0,1},{1,512,784,0,1},{128,512,784,0,0},{784,512,128,1,0},{128,784,512,0,1},
    {2048,384,128,0,0},{2048,128,128,0,0},{2048,512,128,0,0},{2048,128,512,0,0},{128,384,2048,1,0},{2048,128,384,0,1}};
  int ns=sizeof(shapes)/sizeof(shapes[0]);
  printf("%-22s %9s %9s %9s (GFLOP/s, best of 9)\n","M N K tA tB","sgemm","matmul","matmul+pk");
  for(int s=0;s<ns;s++){int M=shapes[s][0],N=shapes[s][1],K=shapes[s][2],ta=shapes[s][3],tb=shapes[s][4];
    float*A=malloc(4L*M*K),*B=malloc(4L*K*N),*C=malloc(4L*M*N);
    for(long i=0;i<(long)M*K;i++)A[i]=(i%7)*0.1f; for(long i=0;i<(long)K*N;i++)B[i]=(i%5)*0.1f;
    int lda=ta?M:K, ldb=tb?K:N; double flops=2.0*M*N*K; double res[3];
    // matmul primitive: strided descs
    dnnl_memory_desc_t ad,bd,cd,bany; dnnl_dims_t adims={M,K},bdims={K,N},cdims={M,N};
    dnnl_dims_t astr={ta?1:lda, ta?lda:1}, bstr={tb?1:ldb, tb?ldb:1}, cstr={N,1};
    CHECK(dnnl_memory_desc_init_by_strides(&ad,2,adims,dnnl_f32,astr));
    CHECK(dnnl_memory_desc_init_by_strides(&bd,2,bdims,dnnl_f32,bstr));
    CHECK(dnnl_memory_desc_init_by_strides(&cd,2,cdims,dnnl_f32,cstr));
    CHECK(dnnl_memory_desc_init_by_tag(&bany,2,bdims,dnnl_f32,dnnl_format_tag_any));
    dnnl_primitive_t prim[2]; dnnl_memory_t am,bm,cm,bpm; dnnl_primitive_desc_t pd[2];
    for(int v=0;v<2;v++){ dnnl_matmul_desc_t md; CHECK(dnnl_matmul_desc_init(&md,&ad,v?&bany:&bd,NULL,&cd));
      CHECK(dnnl_primitive_desc_create(&pd[v],&md,NULL,eng,NULL)); CHECK(dnnl_primitive_create(&prim[v],pd[v]));
      if(v==0){const char*impl; dnnl_primitive_desc_query(pd[v],dnnl_query_impl_info_str,0,&impl); printf("  impl %s\n",impl);} }
    CHECK(dnnl_memory_create(&am,&ad,eng,A)); CHECK(dnnl_memory_create(&bm,&bd,eng,B)); CHECK(dnnl_memory_create(&cm,&cd,eng,C));
    const dnnl_memory_desc_t*bpd=dnnl_primitive_desc_query_md(pd[1],dnnl_query_weights_md,0);
    CHECK(dnnl_memory_create(&bpm,bpd,eng,DNNL_MEMORY_ALLOCATE));
    { dnnl_primitive_desc_t rpd; dnnl_primitive_t r; CHECK(dnnl_reorder_primitive_desc_create(&rpd,&bd,eng,bpd,eng,NULL)); CHECK(dnnl_primitive_create(&r,rpd));
      dnnl_exec_arg_t ra[2]={{DNNL_ARG_FROM,bm},{DNNL_ARG_TO,bpm}}; CHECK(dnnl_primitive_execute(r,st,2,ra)); dnnl_stream_wait(st);}
    long reps=(long)(1e9/flops); if(reps<3)reps=3; if(reps>3000)reps=3000;
    for(int lib=0;lib<3;lib++){double best=1e9;
      for(int r=0;r<9;r++){double t0=now();
        for(long q=0;q<reps;q++){
          if(lib==0) dnnl_sgemm(ta?'T':'N',tb?'T':'N',M,N,K,1,A,lda,B,ldb,0,C,N);
          else { dnnl_exec_arg_t args[3]={{DNNL_ARG_SRC,am},{DNNL_ARG_WEIGHTS,lib==1?bm:bpm},{DNNL_ARG_DST,cm}}; dnnl_primitive_execute(prim[lib-1],st,3,args);} }
        double t=(now()-t0)/reps; if(t<best)best=t;}
      res[lib]=flops/best/1e9;}
    char name[64];snprintf(name,64,"%d %d %d %c %c",M,N,K,ta?'T':'N',tb?'T':'N');
    printf("%-22s %9.1f %9.1f %9.1f\n",name,res[0],res[1],res[2]); fflush(stdout);}
}
