/*
 * fuzz_unwind.c: libFuzzer target for both unwinders given hostile unwind
 * data and hostile target memory.  The input is one 64 KiB "target memory"
 * window (shorter inputs are zero-filled) mapped at two addresses: 0x10000
 * for the x64 unwinder (its image base: RUNTIME_FUNCTION entries and
 * UNWIND_INFO are read there, the stack too) and 0x10000 for the i386 one
 * (CFI read as .eh_frame and as .debug_frame from the first half, stack
 * and code from the whole).  Registers come from the first bytes.  Each
 * unwinder is stepped up to 64 frames, so loops in the data are exercised.
 * The i386 frame data evaluator runs the input's last 256 bytes as a
 * program (and as an old FPO record) over the same memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "unwind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WINDOW 0x10000u
#define BASE 0x10000u

struct target
{
    const uint8_t *mem;   /* WINDOW bytes at BASE */
};

static int target_read(void *user, uint64_t addr, void *buf, uint32_t len)
{
    const struct target *t = user;

    if (addr < BASE || addr - BASE > WINDOW || len > WINDOW - (addr - BASE)) return -1;
    memcpy(buf, t->mem + (addr - BASE), len);
    return 0;
}

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The x64 function table: 16 entries at the window's start. */
static int x64_lookup(void *user, uint64_t pc, uint64_t *base, struct unwind_x64_function *fn)
{
    const struct target *t = user;
    unsigned i;

    for (i = 0; i < 16; i++)
    {
        const uint8_t *e = t->mem + 64 + i * 12;
        uint32_t begin = rd32(e), end = rd32(e + 4);

        if (pc >= BASE + (uint64_t)begin && pc < BASE + (uint64_t)end)
        {
            *base = BASE;
            fn->begin = begin;
            fn->end = end;
            fn->unwind = rd32(e + 8);
            return 1;
        }
    }
    return 0;
}

static int x86_is_return(void *user, uint32_t addr)
{
    struct target *t = user;
    uint8_t before[7];

    if (target_read(t, (uint64_t)addr - 7, before, 7)) return 0;
    return unwind_x86_after_call(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *mem = calloc(1, WINDOW);
    struct target t;
    struct unwind_x64_env env;
    struct unwind_x64_regs r64;
    struct unwind_x86_regs r86;
    struct unwind_cfi_section secs[2];
    unsigned i, k;

    if (!mem) return 0;
    memcpy(mem, data, size < WINDOW ? size : WINDOW);
    t.mem = mem;

    /* x64 */
    env.user = &t;
    env.read = target_read;
    env.lookup = x64_lookup;
    memset(&r64, 0, sizeof(r64));
    for (i = 0; i < 16; i++) r64.gpr[i] = BASE + (rd32(mem + i * 4) & (WINDOW - 1));
    r64.rip = BASE + (rd32(mem + 60) & (WINDOW - 1));
    for (k = 0; k < 64 && r64.rip; k++)
        if (unwind_x64_step(&env, &r64) != UNWIND_OK) break;

    /* i386: CFI in the first half, as either format */
    secs[0].data = mem;
    secs[0].size = WINDOW / 2;
    secs[0].vaddr = BASE;
    secs[0].is_eh_frame = 1;
    secs[1] = secs[0];
    secs[1].is_eh_frame = 0;
    for (i = 0; i < 2; i++)
    {
        memset(&r86, 0, sizeof(r86));
        for (k = 0; k < 8; k++) r86.gpr[k] = BASE + (rd32(mem + 128 + k * 4) & (WINDOW - 1));
        r86.eip = BASE + (rd32(mem + 160) & (WINDOW - 1));
        for (k = 0; k < 64 && r86.eip; k++)
        {
            enum unwind_status st = unwind_x86_cfi_step(&secs[i], 1, r86.eip - (k ? 1 : 0), target_read, &t, &r86);

            if (st != UNWIND_OK) st = unwind_x86_fp_step(target_read, &t, &r86);
            if (st != UNWIND_OK) st = unwind_x86_scan_step(target_read, x86_is_return, &t, 4096, &r86);
            if (st != UNWIND_OK) break;
        }
    }
    /* i386 frame data: the input's last 256 bytes as a program (cut at
     * its first NUL), the sizes from the window, stepped up to 16 frames;
     * then as an old FPO record. */
    {
        char program[257];
        struct unwind_x86_frame f;
        size_t n = size < 256 ? size : 256;

        memcpy(program, data + size - n, n);
        program[n] = 0;
        f.locals = rd32(mem + 192) & 0xfff;
        f.params = rd32(mem + 196) & 0xff;
        f.saved_regs = rd32(mem + 200) & 0x3c;
        f.program = program;
        f.use_bp = mem[204] & 1;
        for (i = 0; i < 2; i++)
        {
            memset(&r86, 0, sizeof(r86));
            for (k = 0; k < 8; k++) r86.gpr[k] = BASE + (rd32(mem + 128 + k * 4) & (WINDOW - 1));
            r86.eip = BASE + (rd32(mem + 160) & (WINDOW - 1));
            for (k = 0; k < 16; k++)
                if (unwind_x86_frame_step(&f, target_read, x86_is_return, &t, 4096, &r86) != UNWIND_OK) break;
            f.program = NULL;
        }
    }
    free(mem);
    return 0;
}
