/*
 * capture_context.h: the CONTEXT of the calling function, for the stack
 * walking tests and benchmarks.
 *
 * x86_64: RtlCaptureContext describes its caller exactly.  i386: it does
 * not.  Windows' and Wine's i386 RtlCaptureContext take Ebp, Eip and Esp
 * from the caller's EBP frame ([ebp], [ebp + 4], ebp + 8), which is the
 * caller's caller only when the caller keeps a frame pointer; gcc omits it
 * from -O1 on, and the "context" then names some frame further up.  So on
 * i386 the registers are read here, where the code is: Eip is the address
 * of a label in the calling function and Esp its stack pointer there.
 */
#ifndef DBGHELP_CAPTURE_CONTEXT_H
#define DBGHELP_CAPTURE_CONTEXT_H

#include <string.h>
#include <windows.h>

/* A macro, not an inline function: an inlined function would be an inline
 * frame at the captured pc, and the walk's first frame would be it. */
#ifdef _WIN64
#define capture_context(c) RtlCaptureContext(c)
#else
/* A pop whose memory operand is esp-based computes its address after the
 * increment, so any "=m" placement is right. */
#define capture_context(c)                                                                  \
    do                                                                                      \
    {                                                                                       \
        CONTEXT *cc_ = (c);                                                                 \
        memset(cc_, 0, sizeof(*cc_));                                                       \
        cc_->ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS;           \
        __asm__ __volatile__("movl %%eax, %0\n\t"                                            \
                             "movl %%ecx, %1\n\t"                                            \
                             "movl %%edx, %2\n\t"                                            \
                             "movl %%ebx, %3\n\t"                                            \
                             "movl %%esi, %4\n\t"                                            \
                             "movl %%edi, %5\n\t"                                            \
                             "movl %%ebp, %6\n\t"                                            \
                             "movl %%esp, %7\n\t"                                            \
                             "call 1f\n"                                                     \
                             "1:\tpopl %8\n\t"                                               \
                             : "=m"(cc_->Eax), "=m"(cc_->Ecx), "=m"(cc_->Edx), "=m"(cc_->Ebx), \
                               "=m"(cc_->Esi), "=m"(cc_->Edi), "=m"(cc_->Ebp), "=m"(cc_->Esp), \
                               "=m"(cc_->Eip));                                             \
        __asm__ __volatile__("movw %%cs, %w0" : "=r"(cc_->SegCs));                          \
        __asm__ __volatile__("movw %%ss, %w0" : "=r"(cc_->SegSs));                          \
        __asm__ __volatile__("movw %%ds, %w0" : "=r"(cc_->SegDs));                          \
        __asm__ __volatile__("movw %%es, %w0" : "=r"(cc_->SegEs));                          \
        __asm__ __volatile__("movw %%fs, %w0" : "=r"(cc_->SegFs));                          \
        __asm__ __volatile__("movw %%gs, %w0" : "=r"(cc_->SegGs));                          \
        __asm__ __volatile__("pushfl\n\tpopl %0" : "=r"(cc_->EFlags));                      \
    } while (0)
#endif

#endif /* DBGHELP_CAPTURE_CONTEXT_H */
