/*
 * unwind_tests.c: native unit tests of unwind.c over synthetic memory (x64
 * unwind codes, chained and epilogue cases; i386 CFI and the EBP chain;
 * hostile data), run under ASan/UBSan by native.test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unwind.h"

static int passed, failed;

#define CHECK(cond, ...) do { \
    if (cond) passed++; \
    else { failed++; printf("unwind_tests.c:%d: Test failed: ", __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

/* Target memory: one region [MEM_BASE, MEM_BASE + MEM_SIZE). */
#define MEM_BASE 0x140000000ull
#define MEM_SIZE 0x4000
static unsigned char mem[MEM_SIZE];
static unsigned reads;

static int mem_read(void *user, uint64_t addr, void *buf, uint32_t len)
{
    (void)user;
    reads++;
    if (addr < MEM_BASE || addr - MEM_BASE > MEM_SIZE || len > MEM_SIZE - (addr - MEM_BASE)) return -1;
    memcpy(buf, mem + (addr - MEM_BASE), len);
    return 0;
}

static void put16(unsigned char *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(unsigned char *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, v >> 32); }
static void poke64(uint64_t addr, uint64_t v) { put64(mem + (addr - MEM_BASE), v); }
static void poke32(uint64_t addr, uint32_t v) { put32(mem + (addr - MEM_BASE), v); }

/* ---- x64 ----------------------------------------------------------------- */

/* The image's function table: RUNTIME_FUNCTION entries, base MEM_BASE. */
static struct unwind_x64_function table[8];
static unsigned ntable;

static int lookup(void *user, uint64_t pc, uint64_t *base, struct unwind_x64_function *fn)
{
    unsigned i;

    (void)user;
    for (i = 0; i < ntable; i++)
        if (pc >= MEM_BASE + table[i].begin && pc < MEM_BASE + table[i].end)
        {
            *base = MEM_BASE;
            *fn = table[i];
            return 1;
        }
    return 0;
}

static const struct unwind_x64_env env = { NULL, mem_read, lookup };

/* Write an UNWIND_INFO at rva; codes are (offset, op, info) triples or raw
 * slots given with op 0xff (value in offset). */
struct code { unsigned off, op, info; };
static void put_info(uint32_t rva, unsigned version, unsigned flags, unsigned prolog, unsigned frame_reg,
                     unsigned frame_off, const struct code *codes, unsigned count)
{
    unsigned char *p = mem + rva;
    unsigned i;

    p[0] = version | flags << 3;
    p[1] = prolog;
    p[2] = count;
    p[3] = frame_reg | frame_off << 4;
    for (i = 0; i < count; i++)
    {
        if (codes[i].op == 0xff) put16(p + 4 + i * 2, codes[i].off);
        else
        {
            p[4 + i * 2] = codes[i].off;
            p[5 + i * 2] = codes[i].op | codes[i].info << 4;
        }
    }
}

#define RVA_FN   0x1000  /* function code */
#define RVA_XD   0x2000  /* unwind info */
#define STACK    (MEM_BASE + 0x3000)

static void init_regs(struct unwind_x64_regs *r, uint64_t pc, uint64_t rsp)
{
    unsigned i;

    memset(r, 0, sizeof(*r));
    for (i = 0; i < 16; i++) r->gpr[i] = 0x1000 + i;
    r->gpr[4] = rsp;
    r->rip = pc;
}

/* push rbp; push rbx; sub $0x28,%rsp: the usual gcc prolog. */
static void setup_push_alloc(void)
{
    static const struct code codes[] = { { 6, 2, 4 }, { 2, 0, 3 }, { 1, 0, 5 } };

    memset(mem, 0, sizeof(mem));
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    ntable = 1;
    put_info(RVA_XD, 1, 0, 6, 0, 0, codes, 3);
    memset(mem + RVA_FN, 0x90, 0x100);
    /* the epilogue at the end: add $0x28,%rsp; pop %rbx; pop %rbp; ret */
    memcpy(mem + RVA_FN + 0xf0, "\x48\x83\xc4\x28\x5b\x5d\xc3", 7);
}

static void test_x64_body(void)
{
    struct unwind_x64_regs r;
    enum unwind_status st;

    setup_push_alloc();
    poke64(STACK + 0x28, 0xbbbb);
    poke64(STACK + 0x30, 0x5555);
    poke64(STACK + 0x38, 0x140001234ull);
    init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK, "body: status %d", st);
    CHECK(r.rip == 0x140001234ull, "body: rip %llx", (unsigned long long)r.rip);
    CHECK(r.gpr[4] == STACK + 0x40, "body: rsp %llx", (unsigned long long)r.gpr[4]);
    CHECK(r.gpr[3] == 0xbbbb && r.gpr[5] == 0x5555, "body: rbx %llx rbp %llx",
          (unsigned long long)r.gpr[3], (unsigned long long)r.gpr[5]);
    CHECK(r.gpr[6] == 0x1006, "body: rsi changed");
}

static void test_x64_prolog(void)
{
    struct unwind_x64_regs r;
    enum unwind_status st;

    /* After push rbp; push rbx (offset 2): the allocation has not run. */
    setup_push_alloc();
    poke64(STACK, 0xbbbb);
    poke64(STACK + 8, 0x5555);
    poke64(STACK + 16, 0x140000777ull);
    init_regs(&r, MEM_BASE + RVA_FN + 2, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000777ull && r.gpr[4] == STACK + 24 && r.gpr[3] == 0xbbbb
          && r.gpr[5] == 0x5555, "prolog+2: st %d rip %llx rsp %llx", st, (unsigned long long)r.rip,
          (unsigned long long)r.gpr[4]);

    /* At the first instruction: nothing pushed yet. */
    setup_push_alloc();
    poke64(STACK, 0x140000778ull);
    init_regs(&r, MEM_BASE + RVA_FN, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000778ull && r.gpr[4] == STACK + 8 && r.gpr[3] == 0x1003,
          "prolog+0: st %d rip %llx", st, (unsigned long long)r.rip);
}

static void test_x64_epilog(void)
{
    struct unwind_x64_regs r;
    enum unwind_status st;

    /* At "add $0x28,%rsp": the whole frame is still there. */
    setup_push_alloc();
    poke64(STACK + 0x28, 0xbbbb);
    poke64(STACK + 0x30, 0x5555);
    poke64(STACK + 0x38, 0x140001234ull);
    init_regs(&r, MEM_BASE + RVA_FN + 0xf0, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140001234ull && r.gpr[4] == STACK + 0x40 && r.gpr[3] == 0xbbbb,
          "epilog add: st %d rip %llx", st, (unsigned long long)r.rip);

    /* At "pop %rbp": only rbp and the return address are left; applying
     * the unwind codes here would read garbage. */
    setup_push_alloc();
    poke64(STACK, 0x5555);
    poke64(STACK + 8, 0x140004321ull);
    poke64(STACK + 16, 0xdead);
    init_regs(&r, MEM_BASE + RVA_FN + 0xf5, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140004321ull && r.gpr[4] == STACK + 16 && r.gpr[5] == 0x5555
          && r.gpr[3] == 0x1003, "epilog pop: st %d rip %llx rsp %llx", st, (unsigned long long)r.rip,
          (unsigned long long)r.gpr[4]);

    /* At "ret". */
    setup_push_alloc();
    poke64(STACK, 0x140004322ull);
    init_regs(&r, MEM_BASE + RVA_FN + 0xf6, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140004322ull && r.gpr[4] == STACK + 8, "epilog ret: st %d", st);

    /* A tail call out of the function is an epilogue end too; a jump
     * inside it is not. */
    setup_push_alloc();
    memcpy(mem + RVA_FN + 0xe0, "\x5b\xe9\x00\x10\x00\x00", 6); /* pop rbx; jmp +0x1000 */
    poke64(STACK, 0xbbbb);
    poke64(STACK + 8, 0x140004323ull);
    init_regs(&r, MEM_BASE + RVA_FN + 0xe0, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140004323ull && r.gpr[3] == 0xbbbb, "tail jmp: st %d", st);
    memcpy(mem + RVA_FN + 0xe0, "\x5b\xeb\x02", 3);           /* pop rbx; jmp +2 (inside) */
    poke64(STACK + 0x28, 0xb2);
    poke64(STACK + 0x30, 0x52);
    poke64(STACK + 0x38, 0x140004324ull);
    init_regs(&r, MEM_BASE + RVA_FN + 0xe0, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140004324ull && r.gpr[3] == 0xb2, "inner jmp: st %d rip %llx", st,
          (unsigned long long)r.rip);
}

static void test_x64_frame_reg(void)
{
    /* push rbp (1); sub $0x40,%rsp (5); lea 0x20(%rsp),%rbp (10);
     * mov %rsi,0x10(frame) (15); movaps %xmm6,0x20(frame) (20).  Codes in
     * reverse order. */
    static const struct code codes[] = {
        { 20, 8, 6 }, { 2, 0xff, 0 }, { 15, 4, 6 }, { 2, 0xff, 0 }, { 10, 3, 0 }, { 5, 2, 7 }, { 1, 0, 5 },
    };
    struct unwind_x64_regs r;
    enum unwind_status st;
    uint64_t frame = STACK + 0x100; /* rsp after the allocation */
    unsigned i;

    memset(mem, 0, sizeof(mem));
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    ntable = 1;
    put_info(RVA_XD, 1, 0, 20, 5, 2, codes, 7);
    memset(mem + RVA_FN, 0x90, 0x100);
    poke64(frame + 0x10, 0x5151);                     /* saved rsi */
    for (i = 0; i < 16; i++) mem[frame + 0x20 + i - MEM_BASE] = 0x60 + i; /* saved xmm6 */
    poke64(frame + 0x40, 0xb0b0);                     /* saved rbp */
    poke64(frame + 0x48, 0x140000999ull);
    /* In the body, after an alloca moved rsp down by 0x80. */
    init_regs(&r, MEM_BASE + RVA_FN + 0x40, frame - 0x80);
    r.gpr[5] = frame + 0x20;
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK, "fpreg: status %d", st);
    CHECK(r.rip == 0x140000999ull && r.gpr[4] == frame + 0x50, "fpreg: rip %llx rsp %llx",
          (unsigned long long)r.rip, (unsigned long long)r.gpr[4]);
    CHECK(r.gpr[5] == 0xb0b0 && r.gpr[6] == 0x5151, "fpreg: rbp %llx rsi %llx", (unsigned long long)r.gpr[5],
          (unsigned long long)r.gpr[6]);
    CHECK(r.xmm[6][0] == 0x60 && r.xmm[6][15] == 0x6f, "fpreg: xmm6 %x", r.xmm[6][0]);

    /* In the prolog before the lea (offset 5): the frame base is rsp. */
    init_regs(&r, MEM_BASE + RVA_FN + 5, frame);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000999ull && r.gpr[5] == 0xb0b0 && r.gpr[6] == 0x1006,
          "fpreg prolog: st %d rip %llx", st, (unsigned long long)r.rip);

    /* An epilogue with lea through the frame register:
     * lea 0x20(%rbp),%rsp; pop %rbp; ret. */
    memcpy(mem + RVA_FN + 0xf0, "\x48\x8d\x65\x20\x5d\xc3", 6);
    init_regs(&r, MEM_BASE + RVA_FN + 0xf0, frame - 0x80);
    r.gpr[5] = frame + 0x20;
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000999ull && r.gpr[4] == frame + 0x50 && r.gpr[5] == 0xb0b0,
          "lea epilog: st %d rip %llx rsp %llx", st, (unsigned long long)r.rip, (unsigned long long)r.gpr[4]);
}

static void test_x64_large(void)
{
    /* sub $0x1000 (ALLOC_LARGE 16-bit), sub $0x20000 (ALLOC_LARGE 32-bit),
     * SAVE_NONVOL_FAR r12 at 0x10008, SAVE_XMM128_FAR xmm15 at 0x10010. */
    static const struct code codes[] = {
        { 30, 9, 15 }, { 0x0010, 0xff, 0 }, { 0x0001, 0xff, 0 },
        { 25, 5, 12 }, { 0x0008, 0xff, 0 }, { 0x0001, 0xff, 0 },
        { 20, 1, 1 }, { 0x0000, 0xff, 0 }, { 0x0002, 0xff, 0 },
        { 10, 1, 0 }, { 0x1000 / 8, 0xff, 0 },
    };
    static unsigned char big[0x40000];
    struct unwind_x64_regs r;
    enum unwind_status st;

    (void)big;
    memset(mem, 0, sizeof(mem));
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    ntable = 1;
    put_info(RVA_XD, 1, 0, 30, 0, 0, codes, 11);
    memset(mem + RVA_FN, 0x90, 0x100);
    /* The frame is larger than our memory: the saves and the return address
     * are unreadable, which must be reported, not crash. */
    init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_READ_FAILED, "large: status %d", st);
    CHECK(r.rip == MEM_BASE + RVA_FN + 0x50 && r.gpr[4] == STACK, "large: regs changed on failure");

    /* Same codes, with the stack placed so that everything is readable:
     * rsp = MEM_BASE - 0x21000 + ... is outside; use a tiny frame instead. */
    {
        static const struct code small[] = {
            { 25, 5, 12 }, { 0x0008, 0xff, 0 }, { 0x0000, 0xff, 0 },
            { 20, 9, 15 }, { 0x0010, 0xff, 0 }, { 0x0000, 0xff, 0 },
            { 10, 1, 0 }, { 0x0030 / 8, 0xff, 0 },
        };
        unsigned i;

        put_info(RVA_XD, 1, 0, 30, 0, 0, small, 8);
        poke64(STACK + 8, 0x1212);
        for (i = 0; i < 16; i++) mem[STACK + 0x10 + i - MEM_BASE] = 0xf0 + i;
        poke64(STACK + 0x30, 0x140000aaaull);
        init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK);
        st = unwind_x64_step(&env, &r);
        CHECK(st == UNWIND_OK && r.rip == 0x140000aaaull && r.gpr[4] == STACK + 0x38 && r.gpr[12] == 0x1212
              && r.xmm[15][15] == 0xff, "far: st %d rip %llx r12 %llx", st, (unsigned long long)r.rip,
              (unsigned long long)r.gpr[12]);
    }
}

static void test_x64_chained(void)
{
    /* Primary A: push rbx.  Fragment B (elsewhere): saves rsi at [rsp+8],
     * chained to A.  An indirect entry C points at B's entry. */
    static const struct code a_codes[] = { { 1, 0, 3 } };
    static const struct code b_codes[] = { { 5, 4, 6 }, { 1, 0xff, 0 } };
    struct unwind_x64_regs r;
    enum unwind_status st;
    unsigned char *p;

    memset(mem, 0, sizeof(mem));
    memset(mem + RVA_FN, 0x90, 0x300);
    put_info(RVA_XD, 1, 0, 1, 0, 0, a_codes, 1);
    put_info(RVA_XD + 0x100, 1, 4, 5, 0, 0, b_codes, 2);
    p = mem + RVA_XD + 0x100 + 4 + 2 * 2;           /* chained RUNTIME_FUNCTION */
    put32(p, RVA_FN);
    put32(p + 4, RVA_FN + 0x100);
    put32(p + 8, RVA_XD);
    put32(mem + RVA_XD + 0x200, RVA_FN + 0x200);      /* B's entry, for the indirect one */
    put32(mem + RVA_XD + 0x204, RVA_FN + 0x280);
    put32(mem + RVA_XD + 0x208, RVA_XD + 0x100);
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    table[1] = (struct unwind_x64_function){ RVA_FN + 0x200, RVA_FN + 0x280, RVA_XD + 0x100 };
    table[2] = (struct unwind_x64_function){ RVA_FN + 0x280, RVA_FN + 0x300, (RVA_XD + 0x200) | 1 };
    ntable = 3;
    poke64(STACK + 8, 0x5151);
    poke64(STACK, 0xb1b1);
    poke64(STACK + 8, 0x5151);
    /* rsi saved at [rsp+8], rbx pushed at [rsp], return at [rsp+8]?  Lay
     * out: [rsp]=rbx (push), [rsp+8]=return address; rsi is saved in the
     * caller's home slot area above, at [rsp+8] relative to frame base...
     * keep the two apart: */
    poke64(STACK, 0xb1b1);                              /* pushed rbx */
    poke64(STACK + 8, 0x140000bbbull);                  /* return address */
    /* b_codes' SAVE_NONVOL slot 1 reads [rsp + 8]: the return address slot
     * doubles as rsi's home, which is fine for checking the order. */
    init_regs(&r, MEM_BASE + RVA_FN + 0x240, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000bbbull && r.gpr[3] == 0xb1b1 && r.gpr[6] == 0x140000bbbull
          && r.gpr[4] == STACK + 16, "chained: st %d rip %llx rbx %llx rsi %llx", st,
          (unsigned long long)r.rip, (unsigned long long)r.gpr[3], (unsigned long long)r.gpr[6]);

    init_regs(&r, MEM_BASE + RVA_FN + 0x2c0, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000bbbull && r.gpr[3] == 0xb1b1, "indirect: st %d", st);

    /* A chain that loops on itself must stop. */
    put32(p + 8, RVA_XD + 0x100);
    init_regs(&r, MEM_BASE + RVA_FN + 0x240, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_BAD_DATA, "chain loop: status %d", st);
    /* So must an indirect entry pointing at itself. */
    put32(mem + RVA_XD + 0x208, (RVA_XD + 0x200) | 1);
    init_regs(&r, MEM_BASE + RVA_FN + 0x2c0, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_BAD_DATA, "indirect loop: status %d", st);
}

static void test_x64_machframe(void)
{
    static const struct code codes0[] = { { 0, 10, 0 } };
    static const struct code codes1[] = { { 0, 10, 1 } };
    struct unwind_x64_regs r;
    enum unwind_status st;

    memset(mem, 0, sizeof(mem));
    memset(mem + RVA_FN, 0x90, 0x100);
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    ntable = 1;
    put_info(RVA_XD, 1, 0, 0, 0, 0, codes0, 1);
    poke64(STACK, 0x140000ccc);          /* rip */
    poke64(STACK + 24, STACK + 0x400);   /* rsp */
    init_regs(&r, MEM_BASE + RVA_FN + 0x10, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000cccull && r.gpr[4] == STACK + 0x400, "machframe: st %d", st);
    put_info(RVA_XD, 1, 0, 0, 0, 0, codes1, 1);
    poke64(STACK + 8, 0x140000cce);
    poke64(STACK + 32, STACK + 0x500);
    init_regs(&r, MEM_BASE + RVA_FN + 0x10, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000cceull && r.gpr[4] == STACK + 0x500, "machframe 1: st %d", st);
}

static void test_x64_v2(void)
{
    /* Version 2: one epilogue of 2 bytes at the end (pop rbx; ret), then
     * the prolog code push rbx. */
    static const struct code codes[] = { { 2, 6, 1 }, { 1, 0, 3 } };
    struct unwind_x64_regs r;
    enum unwind_status st;

    memset(mem, 0, sizeof(mem));
    memset(mem + RVA_FN, 0x90, 0x100);
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    ntable = 1;
    put_info(RVA_XD, 2, 0, 1, 0, 0, codes, 2);
    memcpy(mem + RVA_FN + 0xfe, "\x5b\xc3", 2);
    poke64(STACK, 0xb2b2);
    poke64(STACK + 8, 0x140000dddull);
    init_regs(&r, MEM_BASE + RVA_FN + 0xfe, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000dddull && r.gpr[3] == 0xb2b2, "v2 epilog: st %d", st);
    /* In the body a "ret" byte is not an epilogue for version 2 (the table
     * says where they are): the codes apply. */
    mem[RVA_FN + 0x50] = 0xc3;
    init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000dddull && r.gpr[3] == 0xb2b2 && r.gpr[4] == STACK + 16,
          "v2 body: st %d rip %llx", st, (unsigned long long)r.rip);
    /* Version 1 would have taken it for an epilogue. */
    put_info(RVA_XD, 1, 0, 1, 0, 0, codes + 1, 1);
    init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0xb2b2, "v1 ret: st %d rip %llx", st, (unsigned long long)r.rip);
}

static void test_x64_leaf(void)
{
    struct unwind_x64_regs r;
    enum unwind_status st;

    memset(mem, 0, sizeof(mem));
    ntable = 0;
    poke64(STACK, 0x140000eeeull);
    init_regs(&r, 0x7000, STACK);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_OK && r.rip == 0x140000eeeull && r.gpr[4] == STACK + 8, "leaf: st %d", st);
    init_regs(&r, 0x7000, MEM_BASE + MEM_SIZE - 4);
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_READ_FAILED, "leaf unreadable: st %d", st);
}

static void test_x64_hostile(void)
{
    struct unwind_x64_regs r;
    enum unwind_status st;
    unsigned i, iter, bad = 0;

    /* Unknown version, unknown opcode, truncated multi-slot codes, push
     * rsp, SET_FPREG without a frame register, an entry whose UNWIND_INFO is
     * out of memory, a frame that moves the stack down. */
    static const struct code op11[] = { { 1, 11, 0 } };
    static const struct code trunc[] = { { 1, 1, 1 }, { 0, 0xff, 0 } };
    static const struct code pushrsp[] = { { 1, 0, 4 } };
    static const struct code fpreg[] = { { 1, 3, 0 } };
    static const struct code down[] = { { 1, 3, 0 } };

    memset(mem, 0, sizeof(mem));
    memset(mem + RVA_FN, 0x90, 0x100);
    table[0] = (struct unwind_x64_function){ RVA_FN, RVA_FN + 0x100, RVA_XD };
    ntable = 1;
    poke64(STACK, 0x140000001ull);
#define RUN(expect, what) do { init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK); \
        st = unwind_x64_step(&env, &r); CHECK(st == (expect), "%s: status %d", what, st); } while (0)
    put_info(RVA_XD, 3, 0, 0, 0, 0, NULL, 0);
    RUN(UNWIND_BAD_DATA, "version 3");
    put_info(RVA_XD, 1, 0, 1, 0, 0, op11, 1);
    RUN(UNWIND_BAD_DATA, "op 11");
    put_info(RVA_XD, 1, 0, 1, 0, 0, trunc, 2);
    RUN(UNWIND_BAD_DATA, "truncated alloc");
    put_info(RVA_XD, 1, 0, 1, 0, 0, pushrsp, 1);
    RUN(UNWIND_BAD_DATA, "push rsp");
    put_info(RVA_XD, 1, 0, 1, 0, 0, fpreg, 1);
    RUN(UNWIND_BAD_DATA, "fpreg without register");
    put_info(RVA_XD, 1, 0, 1, 5, 0, down, 1);
    poke64(STACK - 0x100, 0x140000002ull);
    init_regs(&r, MEM_BASE + RVA_FN + 0x50, STACK);
    r.gpr[5] = STACK - 0x100;
    st = unwind_x64_step(&env, &r);
    CHECK(st == UNWIND_BAD_DATA && r.gpr[4] == STACK, "stack moving down: status %d", st);
    table[0].unwind = 0x7ffffff0;
    RUN(UNWIND_READ_FAILED, "info out of memory");
#undef RUN

    /* Random unwind info and code bytes: any status, no crash, and the
     * registers untouched unless it succeeds. */
    srand(1234);
    table[0].unwind = RVA_XD;
    for (iter = 0; iter < 20000; iter++)
    {
        struct unwind_x64_regs before;

        for (i = 0; i < 0x300; i++) mem[RVA_XD + i] = (unsigned char)rand();
        for (i = 0; i < 0x100; i++) mem[RVA_FN + i] = (unsigned char)rand();
        for (i = 0; i < 0x800; i++) mem[0x3000 + i] = (unsigned char)rand();
        if (iter & 1) mem[RVA_XD] = (mem[RVA_XD] & ~7) | (1 + (iter & 2) / 2);
        init_regs(&r, MEM_BASE + RVA_FN + (rand() & 0xff), STACK + (rand() & 0x3f8));
        before = r;
        st = unwind_x64_step(&env, &r);
        if (st != UNWIND_OK && memcmp(&before, &r, sizeof(r))) bad++;
        if (st == UNWIND_OK && r.gpr[4] <= before.gpr[4]) bad++;
    }
    CHECK(!bad, "random x64 data: %u bad results", bad);
}

/* ---- i386 ---------------------------------------------------------------- */

static void x86_regs(struct unwind_x86_regs *r, uint32_t eip, uint32_t esp, uint32_t ebp)
{
    unsigned i;

    for (i = 0; i < 8; i++) r->gpr[i] = 0x100 + i;
    r->gpr[X86_ESP] = esp;
    r->gpr[X86_EBP] = ebp;
    r->eip = eip;
}

/* A 32-bit stack in mem: addresses are MEM_BASE-relative 32-bit values,
 * so use a reader that maps 32-bit addresses onto mem. */
#define S32 0x3000u
static int mem32_read(void *user, uint64_t addr, void *buf, uint32_t len)
{
    (void)user;
    if (addr > MEM_SIZE || len > MEM_SIZE - addr) return -1;
    memcpy(buf, mem + addr, len);
    return 0;
}

/* gcc's usual i386 frame: push %ebp (1 byte); mov %esp,%ebp (2 bytes);
 * ... ; leave/ret with remember/restore_state around the epilogue. */
static const unsigned char fde_insns[] = {
    0x41,             /* advance 1 */
    0x0e, 0x08,       /* def_cfa_offset 8 */
    0x85, 0x02,       /* ebp at cfa-8 */
    0x42,             /* advance 2 */
    0x0d, 0x05,       /* def_cfa_register ebp */
    0x4c,             /* advance 12 (to 0x0f) */
    0x0a,             /* remember_state */
    0xc5,             /* restore ebp */
    0x0c, 0x04, 0x04, /* def_cfa esp+4 */
    0x41,             /* advance 1 (to 0x10) */
    0x0b,             /* restore_state */
};

/* .debug_frame: CIE at 0, FDE for [0x401000, 0x401020) with the given
 * instructions. */
static size_t build_debug_frame_insns(unsigned char *b, const unsigned char *insns, size_t ninsns);
static size_t build_debug_frame(unsigned char *b)
{
    return build_debug_frame_insns(b, fde_insns, sizeof(fde_insns));
}

static size_t build_debug_frame_insns(unsigned char *b, const unsigned char *insns, size_t ninsns)
{
    size_t n = 0, fde;

    put32(b, 0); n = 4;                       /* length, patched */
    put32(b + n, 0xffffffff); n += 4;         /* CIE id */
    b[n++] = 1;                               /* version */
    b[n++] = 0;                               /* augmentation "" */
    b[n++] = 1;                               /* code align */
    b[n++] = 0x7c;                            /* data align -4 */
    b[n++] = 8;                               /* return address: eip */
    b[n++] = 0x0c; b[n++] = 4; b[n++] = 4;    /* def_cfa esp+4 */
    b[n++] = 0x88; b[n++] = 1;                /* eip at cfa-4 */
    while (n % 4) b[n++] = 0;
    put32(b, (uint32_t)n - 4);
    fde = n;
    n += 4;
    put32(b + n, 0); n += 4;                  /* CIE pointer */
    put32(b + n, 0x401000); n += 4;
    put32(b + n, 0x20); n += 4;
    memcpy(b + n, insns, ninsns); n += ninsns;
    while (n % 4) b[n++] = 0;
    put32(b + fde, (uint32_t)(n - fde - 4));
    return n;
}

/* .eh_frame at link address 0x402000: CIE "zPLR" (personality absptr,
 * LSDA pcrel, FDE pointers pcrel|sdata4), FDE for [0x401000, 0x401020). */
static size_t build_eh_frame(unsigned char *b, uint32_t vaddr)
{
    size_t n = 0, fde, pcfield;

    n = 4;
    put32(b + n, 0); n += 4;                  /* CIE id 0 */
    b[n++] = 1;
    memcpy(b + n, "zPLR", 5); n += 5;
    b[n++] = 1;
    b[n++] = 0x7c;
    b[n++] = 8;
    b[n++] = 7;                               /* augmentation length */
    b[n++] = 0x00; put32(b + n, 0x12345678); n += 4; /* personality */
    b[n++] = 0x1b;                            /* LSDA encoding */
    b[n++] = 0x1b;                            /* FDE encoding */
    b[n++] = 0x0c; b[n++] = 4; b[n++] = 4;
    b[n++] = 0x88; b[n++] = 1;
    while (n % 4) b[n++] = 0;
    put32(b, (uint32_t)n - 4);
    fde = n;
    n += 4;
    put32(b + n, (uint32_t)(n - 0)); n += 4;  /* CIE pointer: back to 0 */
    pcfield = n;
    put32(b + n, (uint32_t)(0x401000 - (vaddr + pcfield))); n += 4;
    put32(b + n, 0x20); n += 4;
    b[n++] = 4; put32(b + n, 0); n += 4;      /* augmentation: LSDA pointer */
    memcpy(b + n, fde_insns, sizeof(fde_insns)); n += sizeof(fde_insns);
    while (n % 4) b[n++] = 0;
    put32(b + fde, (uint32_t)(n - fde - 4));
    put32(b + n, 0); n += 4;                  /* terminator */
    return n;
}

static void check_cfi(const struct unwind_cfi_section *sec, const char *what)
{
    struct unwind_x86_regs r;
    enum unwind_status st;

    memset(mem, 0, sizeof(mem));
    /* At the first instruction: return address at [esp]. */
    poke32(MEM_BASE + S32, 0x401234);
    x86_regs(&r, 0x401000, S32, 0x2222);
    st = unwind_x86_cfi_step(sec, 1, 0x401000, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401234 && r.gpr[X86_ESP] == S32 + 4 && r.gpr[X86_EBP] == 0x2222,
          "%s +0: st %d eip %x esp %x", what, st, r.eip, r.gpr[X86_ESP]);
    /* After push %ebp. */
    poke32(MEM_BASE + S32, 0x3333);
    poke32(MEM_BASE + S32 + 4, 0x401235);
    x86_regs(&r, 0x401001, S32, 0x2222);
    st = unwind_x86_cfi_step(sec, 1, 0x401001, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401235 && r.gpr[X86_ESP] == S32 + 8 && r.gpr[X86_EBP] == 0x3333,
          "%s +1: st %d eip %x ebp %x", what, st, r.eip, r.gpr[X86_EBP]);
    /* In the body, esp far below: the CFA comes from ebp. */
    x86_regs(&r, 0x401008, S32 - 0x40, S32);
    st = unwind_x86_cfi_step(sec, 1, 0x401008, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401235 && r.gpr[X86_ESP] == S32 + 8 && r.gpr[X86_EBP] == 0x3333,
          "%s body: st %d eip %x esp %x", what, st, r.eip, r.gpr[X86_ESP]);
    /* At the ret after leave (0x0f): CFA = esp+4. */
    poke32(MEM_BASE + S32, 0x401236);
    x86_regs(&r, 0x40100f, S32, 0x3333);
    st = unwind_x86_cfi_step(sec, 1, 0x40100f, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401236 && r.gpr[X86_ESP] == S32 + 4, "%s ret: st %d eip %x", what, st,
          r.eip);
    /* After the restore_state (0x10): back to the body's rule. */
    poke32(MEM_BASE + S32, 0x3333);
    poke32(MEM_BASE + S32 + 4, 0x401237);
    x86_regs(&r, 0x401010, S32 - 0x10, S32);
    st = unwind_x86_cfi_step(sec, 1, 0x401010, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401237 && r.gpr[X86_ESP] == S32 + 8, "%s restored: st %d eip %x", what,
          st, r.eip);
    /* Outside the FDE. */
    x86_regs(&r, 0x401020, S32, S32);
    st = unwind_x86_cfi_step(sec, 1, 0x401020, mem32_read, NULL, &r);
    CHECK(st == UNWIND_NOT_FOUND, "%s outside: st %d", what, st);
}

static void test_x86_cfi(void)
{
    unsigned char df[256], eh[256];
    struct unwind_cfi_section sec;

    memset(df, 0, sizeof(df));
    sec = (struct unwind_cfi_section){ df, build_debug_frame(df), 0, 0 };
    check_cfi(&sec, "debug_frame");
    memset(eh, 0, sizeof(eh));
    sec = (struct unwind_cfi_section){ eh, build_eh_frame(eh, 0x402000), 0x402000, 1 };
    check_cfi(&sec, "eh_frame");
}

/* gcc's i386 main, which realigns its stack: lea 4(%esp),%ecx; and
 * $-16,%esp; push -4(%ecx); push %ebp; mov %esp,%ebp; push %ecx ...  The
 * CFA is then only reachable through [ebp - 16], and the saved registers
 * are described by DWARF expressions. */
static const unsigned char realign_insns[] = {
    0x44,                         /* advance 4 */
    0x0c, 0x01, 0x00,             /* def_cfa ecx+0 */
    0x49,                         /* advance 9 (0x0d) */
    0x10, 0x05, 0x02, 0x75, 0x00, /* expression ebp: breg5 0 */
    0x44,                         /* advance 4 (0x11) */
    0x0f, 0x03, 0x75, 0x70, 0x06, /* def_cfa_expression: breg5 -16; deref */
    0x10, 0x03, 0x02, 0x75, 0x74, /* expression ebx: breg5 -12 */
    0x16, 0x06, 0x04, 0x74, 0x08, 0x31, 0x22, /* val_expression esi: breg4 +8; lit1; plus */
};

static void test_x86_cfi_expressions(void)
{
    unsigned char df[256];
    struct unwind_cfi_section sec;
    struct unwind_x86_regs r;
    enum unwind_status st;
    const uint32_t ebp = S32 + 0x100, cfa = S32 + 0x200;

    memset(df, 0, sizeof(df));
    sec = (struct unwind_cfi_section){ df, build_debug_frame_insns(df, realign_insns, sizeof(realign_insns)), 0, 0 };
    memset(mem, 0, sizeof(mem));
    poke32(MEM_BASE + ebp, 0x5555);           /* saved ebp */
    poke32(MEM_BASE + ebp - 12, 0x6666);      /* saved ebx */
    poke32(MEM_BASE + ebp - 16, cfa);         /* the saved ecx: the CFA */
    poke32(MEM_BASE + cfa - 4, 0x401777);     /* return address */
    x86_regs(&r, 0x401015, S32, ebp);
    st = unwind_x86_cfi_step(&sec, 1, 0x401015, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401777 && r.gpr[X86_ESP] == cfa && r.gpr[X86_EBP] == 0x5555 &&
          r.gpr[X86_EBX] == 0x6666 && r.gpr[X86_ESI] == S32 + 9,
          "realigned frame: st %d eip %x esp %x ebp %x ebx %x esi %x", st, r.eip, r.gpr[X86_ESP],
          r.gpr[X86_EBP], r.gpr[X86_EBX], r.gpr[X86_ESI]);
    /* Before the frame is set up, the CFA is ecx. */
    poke32(MEM_BASE + S32 + 0x40 - 4, 0x401888);
    x86_regs(&r, 0x401005, S32, ebp);
    r.gpr[X86_ECX] = S32 + 0x40;
    st = unwind_x86_cfi_step(&sec, 1, 0x401005, mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401888 && r.gpr[X86_ESP] == S32 + 0x40,
          "realigning: st %d eip %x esp %x", st, r.eip, r.gpr[X86_ESP]);
    /* A CFA expression that reads unmapped memory fails cleanly. */
    x86_regs(&r, 0x401015, S32, 0x7ffffff0);
    st = unwind_x86_cfi_step(&sec, 1, 0x401015, mem32_read, NULL, &r);
    CHECK(st == UNWIND_BAD_DATA, "unreadable CFA expression: st %d", st);
}

/* Hostile expressions: every byte sequence ends (steps are bounded) and
 * never reads outside its section. */
static void test_x86_cfi_expressions_hostile(void)
{
    unsigned char insns[64], df[256];
    struct unwind_cfi_section sec;
    struct unwind_x86_regs r;
    enum unwind_status st;
    unsigned iter, i, bad = 0;

    srand(7);
    memset(mem, 0, sizeof(mem));
    for (iter = 0; iter < 20000; iter++)
    {
        size_t n = 0, len = 1 + (size_t)(rand() % 24);

        insns[n++] = 0x0f;                    /* def_cfa_expression */
        insns[n++] = (unsigned char)len;
        for (i = 0; i < len; i++) insns[n++] = (unsigned char)(iter & 1 ? rand() : 0x28 + rand() % 8);
        memset(df, 0, sizeof(df));
        sec = (struct unwind_cfi_section){ df, build_debug_frame_insns(df, insns, n), 0, 0 };
        x86_regs(&r, 0x401008, S32, S32);
        st = unwind_x86_cfi_step(&sec, 1, 0x401008, mem32_read, NULL, &r);
        /* Whatever the expression computes, a caller is above its callee. */
        if (st == UNWIND_OK && r.eip && r.gpr[X86_ESP] <= S32) bad++;
    }
    CHECK(!bad, "hostile CFI expressions: %u callers below their callee", bad);
}

/* Return addresses are recognised by the call before them. */
static void test_x86_after_call(void)
{
    static const struct { unsigned char code[7]; int is_call; } cases[] = {
        { { 0, 0, 0xe8, 1, 2, 3, 4 }, 1 },          /* call rel32 */
        { { 0, 0, 0, 0, 0, 0xff, 0xd0 }, 1 },       /* call *%eax */
        { { 0, 0, 0, 0, 0, 0xff, 0x10 }, 1 },       /* call *(%eax) */
        { { 0, 0, 0, 0, 0xff, 0x55, 0x08 }, 1 },    /* call *8(%ebp) */
        { { 0, 0, 0, 0, 0xff, 0x14, 0x24 }, 1 },    /* call *(%esp) */
        { { 0, 0, 0, 0xff, 0x54, 0x24, 0x04 }, 1 }, /* call *4(%esp) */
        { { 0xaa, 0xff, 0x15, 1, 2, 3, 4 }, 1 },    /* call *abs32 */
        { { 0xaa, 0xff, 0x90, 1, 2, 3, 4 }, 1 },    /* call *d32(%eax) */
        { { 0xff, 0x94, 0x24, 1, 2, 3, 4 }, 1 },    /* call *d32(%esp) */
        { { 0, 0, 0, 0, 0, 0xff, 0xe0 }, 0 },       /* jmp *%eax */
        { { 0, 0, 0, 0, 0, 0xff, 0x15 }, 0 },       /* an abs32 call cut short */
        { { 0, 0, 0, 0, 0, 0, 0 }, 0 },
        { { 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0xc3 }, 0 },
    };
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK(unwind_x86_after_call(cases[i].code) == cases[i].is_call, "after_call row %u", i);
}

/* The stack scan: the first accepted value, bounded by max_bytes and by
 * what reads. */
static int scan_is_return(void *user, uint32_t addr)
{
    (void)user;
    return addr == 0x401015 || addr == 0x401025;
}

static void test_x86_scan(void)
{
    struct unwind_x86_regs r;
    enum unwind_status st;

    memset(mem, 0, sizeof(mem));
    poke32(MEM_BASE + S32 + 4, 0x401003);
    poke32(MEM_BASE + S32 + 0x108, 0x401015);
    x86_regs(&r, 0x400000, S32, 0);
    st = unwind_x86_scan_step(mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401015 && r.gpr[X86_ESP] == S32 + 0x10c && r.gpr[X86_EBP] == 0,
          "scan: st %d eip %x esp %x", st, r.eip, r.gpr[X86_ESP]);
    x86_regs(&r, 0x400000, S32, 0);
    st = unwind_x86_scan_step(mem32_read, scan_is_return, NULL, 0x100, &r);
    CHECK(st == UNWIND_NOT_FOUND && r.eip == 0x400000 && r.gpr[X86_ESP] == S32, "scan bound: st %d", st);
    /* The end of the readable stack, in the middle of a block. */
    x86_regs(&r, 0x400000, MEM_SIZE - 0x40, 0);
    st = unwind_x86_scan_step(mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_NOT_FOUND, "scan at the end of memory: st %d", st);
    poke32(MEM_BASE + MEM_SIZE - 8, 0x401025);
    x86_regs(&r, 0x400000, MEM_SIZE - 0x40, 0);
    st = unwind_x86_scan_step(mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401025 && r.gpr[X86_ESP] == MEM_SIZE - 4,
          "scan up to the end of memory: st %d esp %x", st, r.gpr[X86_ESP]);
    x86_regs(&r, 0x400000, 0xfffffff0u, 0);
    st = unwind_x86_scan_step(mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_NOT_FOUND, "scan at the top of the address space: st %d", st);
}

/* Frame data: a program (LLVM's shape, with a saved register), the
 * search past a pushed argument, old FPO records, bad programs. */
static void test_x86_frame_data(void)
{
    struct unwind_x86_frame f;
    struct unwind_x86_regs r;
    enum unwind_status st;
    static const char *const bad[] = {
        "", "$eip", "$T0 .raSearch =", "$eip 4 ^ =", "1 2 =", "$T0 $esp 0 / =", "$T0 $esp 3 @ = $eip $T0 = $esp $T0 =",
        "$T0 $esp 99999999999 + =", "$T0 0xzz =", ".raSearch 4 = $eip 1 = $esp 2 =", "+ + + +",
    };
    unsigned i;

    memset(mem, 0, sizeof(mem));
    /* esp at S32: 24 bytes of locals, the saved ebx, then the return
     * address. */
    poke32(MEM_BASE + S32 + 24, 0x1234);           /* saved ebx */
    poke32(MEM_BASE + S32 + 28, 0x401015);         /* return address */
    memset(&f, 0, sizeof(f));
    f.locals = 24;
    f.saved_regs = 4;
    f.program = "$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + = $ebx $T0 4 - ^ = ";
    x86_regs(&r, 0x400010, S32, 0x777);
    st = unwind_x86_frame_step(&f, mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401015 && r.gpr[X86_ESP] == S32 + 32 && r.gpr[X86_EBX] == 0x1234 &&
          r.gpr[X86_EBP] == 0x777, "frame data: st %d eip %x esp %x ebx %x", st, r.eip, r.gpr[X86_ESP], r.gpr[X86_EBX]);
    /* A pushed argument below: the search goes past the start's plain
     * value to the return address. */
    x86_regs(&r, 0x400010, S32 - 4, 0);
    f.saved_regs = 0;
    f.locals = 28;
    f.program = "$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + = ";
    st = unwind_x86_frame_step(&f, mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401015 && r.gpr[X86_ESP] == S32 + 32, "frame data search: st %d eip %x esp %x",
          st, r.eip, r.gpr[X86_ESP]);
    /* Arithmetic, alignment, hexadecimal and negative numbers. */
    f.program = "$T1 $esp 0x20 + = $T0 $T1 -4 + 8 @ = $eip $T0 4 + ^ = $esp $T1 12 - 3 * 2 / 5 % $T0 + =";
    x86_regs(&r, 0x400010, S32, 0);
    st = unwind_x86_frame_step(&f, mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401015, "frame data arithmetic: st %d eip %x", st, r.eip);
    /* Old FPO_DATA: from EBP, or the return address after the locals. */
    memset(&f, 0, sizeof(f));
    f.use_bp = 1;
    poke32(MEM_BASE + S32 + 0x40, S32 + 0x80);
    poke32(MEM_BASE + S32 + 0x44, 0x401025);
    x86_regs(&r, 0x400010, S32, S32 + 0x40);
    st = unwind_x86_frame_step(&f, mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401025 && r.gpr[X86_ESP] == S32 + 0x48 && r.gpr[X86_EBP] == S32 + 0x80,
          "FPO ebp: st %d eip %x esp %x ebp %x", st, r.eip, r.gpr[X86_ESP], r.gpr[X86_EBP]);
    f.use_bp = 0;
    f.locals = 24;
    f.saved_regs = 4;
    x86_regs(&r, 0x400010, S32, 0);
    st = unwind_x86_frame_step(&f, mem32_read, scan_is_return, NULL, 4096, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401015 && r.gpr[X86_ESP] == S32 + 32, "FPO: st %d eip %x esp %x", st, r.eip,
          r.gpr[X86_ESP]);
    /* Programs that do not evaluate leave the registers alone. */
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    {
        memset(&f, 0, sizeof(f));
        f.program = bad[i];
        x86_regs(&r, 0x400010, S32, 5);
        st = unwind_x86_frame_step(&f, mem32_read, scan_is_return, NULL, 4096, &r);
        CHECK(st == UNWIND_BAD_DATA && r.eip == 0x400010 && r.gpr[X86_ESP] == S32 && r.gpr[X86_EBP] == 5,
              "bad program %u '%s': st %d", i, bad[i], st);
    }
}

static void test_x86_cfi_hostile(void)
{
    unsigned char df[256], buf[256];
    struct unwind_cfi_section sec;
    struct unwind_x86_regs r;
    enum unwind_status st;
    size_t len, i, cut;
    unsigned iter, bad = 0;

    memset(mem, 0, sizeof(mem));
    memset(df, 0, sizeof(df));
    len = build_debug_frame(df);
    /* Every truncation: an error or "not found", never a read past the end
     * (ASan watches the heap copy). */
    for (cut = 0; cut < len; cut++)
    {
        unsigned char *copy = malloc(cut ? cut : 1);

        memcpy(copy, df, cut);
        sec = (struct unwind_cfi_section){ copy, cut, 0, 0 };
        x86_regs(&r, 0x401008, S32 - 0x40, S32);
        st = unwind_x86_cfi_step(&sec, 1, 0x401008, mem32_read, NULL, &r);
        if (st == UNWIND_OK) bad++;
        free(copy);
    }
    CHECK(!bad, "truncated CFI: %u accepted", bad);
    /* A CIE pointer out of the section. */
    memcpy(buf, df, len);
    put32(buf + 24, 0x7fffffff);
    sec = (struct unwind_cfi_section){ buf, len, 0, 0 };
    x86_regs(&r, 0x401008, S32 - 0x40, S32);
    st = unwind_x86_cfi_step(&sec, 1, 0x401008, mem32_read, NULL, &r);
    CHECK(st == UNWIND_BAD_DATA, "bad CIE pointer: st %d", st);
    /* A huge length. */
    memcpy(buf, df, len);
    put32(buf, 0xfffffff0);
    st = unwind_x86_cfi_step(&sec, 1, 0x401008, mem32_read, NULL, &r);
    CHECK(st == UNWIND_BAD_DATA, "huge length: st %d", st);
    /* Too many remember_state. */
    {
        unsigned char deep[128];
        size_t n, fde;

        memset(deep, 0, sizeof(deep));
        n = build_debug_frame(deep);
        fde = 4 + (size_t)(deep[0] | deep[1] << 8);
        n = fde + 4 + 12;
        for (i = 0; i < 20; i++) deep[n++] = 0x0a;
        while (n % 4) deep[n++] = 0;
        put32(deep + fde, (uint32_t)(n - fde - 4));
        sec = (struct unwind_cfi_section){ deep, n, 0, 0 };
        x86_regs(&r, 0x401008, S32 - 0x40, S32);
        st = unwind_x86_cfi_step(&sec, 1, 0x401008, mem32_read, NULL, &r);
        CHECK(st == UNWIND_BAD_DATA, "remember_state overflow: st %d", st);
    }
    /* Random bytes after a valid header. */
    srand(99);
    for (iter = 0; iter < 20000; iter++)
    {
        unsigned char *copy;
        size_t n = 8 + rand() % 120;

        copy = malloc(n);
        memcpy(copy, df, n < len ? n : len);
        for (i = 0; i < 6; i++) copy[rand() % n] = (unsigned char)rand();
        if (iter % 3 == 0) for (i = 8; i < n; i++) copy[i] = (unsigned char)rand();
        sec = (struct unwind_cfi_section){ copy, n, 0x402000, (int)(iter & 1) };
        x86_regs(&r, 0x401000 + (rand() & 0x1f), S32 - 0x40, S32);
        unwind_x86_cfi_step(&sec, 1, r.eip, mem32_read, NULL, &r);
        free(copy);
    }
    CHECK(1, "random CFI survived");
}

static void test_x86_fp(void)
{
    struct unwind_x86_regs r;
    enum unwind_status st;

    memset(mem, 0, sizeof(mem));
    /* Three frames: S32+0x10 -> S32+0x40 -> 0. */
    poke32(MEM_BASE + S32 + 0x10, S32 + 0x40);
    poke32(MEM_BASE + S32 + 0x14, 0x401111);
    poke32(MEM_BASE + S32 + 0x40, 0);
    poke32(MEM_BASE + S32 + 0x44, 0x402222);
    x86_regs(&r, 0x400000, S32, S32 + 0x10);
    st = unwind_x86_fp_step(mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x401111 && r.gpr[X86_EBP] == S32 + 0x40 && r.gpr[X86_ESP] == S32 + 0x18,
          "fp 1: st %d eip %x", st, r.eip);
    st = unwind_x86_fp_step(mem32_read, NULL, &r);
    CHECK(st == UNWIND_OK && r.eip == 0x402222 && r.gpr[X86_EBP] == 0, "fp 2: st %d eip %x", st, r.eip);
    st = unwind_x86_fp_step(mem32_read, NULL, &r);
    CHECK(st == UNWIND_BAD_DATA, "fp end: st %d", st);
    /* A loop: the saved ebp points at itself. */
    poke32(MEM_BASE + S32 + 0x10, S32 + 0x10);
    x86_regs(&r, 0x400000, S32, S32 + 0x10);
    st = unwind_x86_fp_step(mem32_read, NULL, &r);
    CHECK(st == UNWIND_BAD_DATA, "fp loop: st %d", st);
    /* Unreadable. */
    x86_regs(&r, 0x400000, S32, 0xfffffff0u);
    st = unwind_x86_fp_step(mem32_read, NULL, &r);
    CHECK(st != UNWIND_OK, "fp unreadable: st %d", st);
}

int main(void)
{
    test_x64_body();
    test_x64_prolog();
    test_x64_epilog();
    test_x64_frame_reg();
    test_x64_large();
    test_x64_chained();
    test_x64_machframe();
    test_x64_v2();
    test_x64_leaf();
    test_x64_hostile();
    test_x86_cfi();
    test_x86_cfi_hostile();
    test_x86_cfi_expressions();
    test_x86_cfi_expressions_hostile();
    test_x86_after_call();
    test_x86_scan();
    test_x86_frame_data();
    test_x86_fp();
    printf("unwind_tests: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
