/*
 * unwind.h: virtual unwinding of one stack frame, for StackWalk* (stack.c).
 *
 * Portable (no windows.h): the target's memory and function tables are
 * reached only through callbacks, so the same code unwinds the current
 * process, another process or synthetic memory in the native unit tests.
 *
 * x86_64 follows the Windows x64 exception data (.pdata RUNTIME_FUNCTION
 * entries pointing to UNWIND_INFO in .xdata); i386 follows DWARF call frame
 * information (.eh_frame or .debug_frame) and otherwise the EBP chain.
 * Every input is untrusted: bad data gives UNWIND_BAD_DATA, never a crash,
 * and every loop is bounded (codes <= 255, chains <= UNWIND_MAX_CHAIN).
 */
#ifndef DBGHELP_UNWIND_H
#define DBGHELP_UNWIND_H

#include <stddef.h>
#include <stdint.h>

enum unwind_status
{
    UNWIND_OK = 0,
    UNWIND_NOT_FOUND,   /* no unwind data covers the pc (CFI lookups only) */
    UNWIND_READ_FAILED, /* target memory could not be read */
    UNWIND_BAD_DATA,    /* corrupt or unsupported unwind data, or a frame
                           whose caller's stack pointer is not above it */
};

/* Longest chain of chained UNWIND_INFO / indirect RUNTIME_FUNCTION entries
 * followed before giving up. */
#define UNWIND_MAX_CHAIN 32

/* Read len bytes of target memory at addr into buf; 0 on success. */
typedef int (*unwind_read_fn)(void *user, uint64_t addr, void *buf, uint32_t len);

/* ---- x86_64 -------------------------------------------------------------- */

/* Register numbers as UNWIND_CODE.OpInfo uses them (CONTEXT order). */
enum { X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
       X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15 };

struct unwind_x64_regs
{
    uint64_t gpr[16];     /* indexed by X64_* */
    uint64_t rip;
    uint8_t xmm[16][16];  /* restored by UWOP_SAVE_XMM128(_FAR) */
};

/* A RUNTIME_FUNCTION entry: RVAs relative to the image base. */
struct unwind_x64_function
{
    uint32_t begin;
    uint32_t end;
    uint32_t unwind;      /* UNWIND_INFO RVA; bit 0 set: RVA of another entry */
};

/* Find the entry covering pc.  Returns 1 and fills *base (the image base the
 * RVAs are relative to) and *fn when found, 0 when pc has no entry (a leaf
 * function, or no module), -1 on error. */
typedef int (*unwind_x64_lookup_fn)(void *user, uint64_t pc, uint64_t *base,
                                    struct unwind_x64_function *fn);

struct unwind_x64_env
{
    void *user;
    unwind_read_fn read;
    unwind_x64_lookup_fn lookup;
};

/* Unwind the frame whose state is *regs (rip is its pc) into its caller's
 * state, as RtlVirtualUnwind does: prolog codes whose offset is past the pc
 * are skipped, a pc inside an epilogue is unwound by emulating the rest of
 * the epilogue, and a pc without an entry is a leaf function (return address
 * at [rsp]).  *regs is left untouched on failure.  A caller rip of 0 means
 * the end of the stack. */
enum unwind_status unwind_x64_step(const struct unwind_x64_env *env, struct unwind_x64_regs *regs);

/* ---- i386 ---------------------------------------------------------------- */

/* DWARF register numbers for i386. */
enum { X86_EAX, X86_ECX, X86_EDX, X86_EBX, X86_ESP, X86_EBP, X86_ESI, X86_EDI };

struct unwind_x86_regs
{
    uint32_t gpr[8];      /* indexed by X86_* */
    uint32_t eip;
};

/* One call frame information section of a module, as it is in the file. */
struct unwind_cfi_section
{
    const uint8_t *data;  /* not owned */
    size_t size;
    uint64_t vaddr;       /* link-time address of data[0] (for pc-relative
                             pointers); 0 when not loaded (.debug_frame) */
    int is_eh_frame;      /* 1: .eh_frame format, 0: .debug_frame */
};

/* Unwind with DWARF CFI.  lookup_pc is the link-time address to find an FDE
 * for (the pc minus 1 for a return address); regs hold run-time values and
 * no address in them is relocated.  Returns UNWIND_NOT_FOUND when no FDE
 * covers lookup_pc.  A caller whose return address rule is "undefined" ends
 * the stack (eip 0). */
enum unwind_status unwind_x86_cfi_step(const struct unwind_cfi_section *secs, unsigned nsecs,
                                       uint64_t lookup_pc, unwind_read_fn read, void *user,
                                       struct unwind_x86_regs *regs);

/* Unwind through the EBP chain: [ebp] is the caller's ebp, [ebp+4] the
 * return address.  Fails (UNWIND_BAD_DATA) when ebp is 0 or the saved ebp
 * does not move up the stack. */
enum unwind_status unwind_x86_fp_step(unwind_read_fn read, void *user, struct unwind_x86_regs *regs);

/* Does the code before a return address end with a call?  before holds
 * the 7 bytes that precede it (before[6] is the byte just before).  Checks
 * the encodings of call rel32 (E8) and of call r/m32 (FF /2) with every
 * ModRM, SIB and displacement form. */
int unwind_x86_after_call(const uint8_t before[7]);

/* Is addr a return address (in a known module, after a call)?  1 or 0. */
typedef int (*unwind_x86_is_return_fn)(void *user, uint32_t addr);

/* The last resort for a frame with neither CFI nor a usable EBP chain, as
 * Microsoft's walker does without frame data: scan the stack upwards from
 * esp, at most max_bytes, for the first value that is_return accepts; the
 * caller's esp is just above it, its eip that value, ebp unchanged.
 * UNWIND_NOT_FOUND when none is found. */
enum unwind_status unwind_x86_scan_step(unwind_read_fn read, unwind_x86_is_return_fn is_return,
                                        void *user, uint32_t max_bytes, struct unwind_x86_regs *regs);

/* A PDB's frame data for i386 code (the DBI's new FPO stream, FrameData;
 * or an old FPO_DATA record when program is NULL): the function's sizes
 * at the frame data's start, and its program, a postfix expression of
 * assignments such as "$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =". */
struct unwind_x86_frame
{
    uint32_t locals, params, saved_regs; /* bytes */
    const char *program;      /* NUL-terminated, or NULL */
    int use_bp;               /* FPO_DATA: EBP is the frame pointer */
};

/* Unwind with frame data: the program run with the frame's registers
 * ($eip, $esp, $ebp, $ebx, $esi, $edi, $eax, $ecx, $edx; $T0..$T9; the
 * operators + - * / % @ (align down) ^ (read 4 bytes) and =, and
 * .raSearchStart, esp + locals + saved registers, where the return
 * address is searched from: .raSearch is the first slot there or above
 * (within max_bytes) that is_return accepts, else .raSearchStart); the
 * caller's eip and esp must be assigned, ebp, ebx, esi and edi are when
 * the program assigns them.  An old FPO record: from EBP when use_bp, else
 * the return address at .raSearch.  *regs is left untouched on failure
 * (UNWIND_BAD_DATA for a program that does not evaluate). */
enum unwind_status unwind_x86_frame_step(const struct unwind_x86_frame *f, unwind_read_fn read,
                                         unwind_x86_is_return_fn is_return, void *user, uint32_t max_bytes,
                                         struct unwind_x86_regs *regs);

#endif /* DBGHELP_UNWIND_H */
