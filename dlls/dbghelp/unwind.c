/*
 * unwind.c: virtual unwinding of one frame (see unwind.h).
 *
 * x86_64: the UNWIND_INFO format of Microsoft's "x64 exception handling"
 * documentation, versions 1 and 2.  i386: DWARF 2-5 call frame information
 * and the EBP chain.  Nothing here trusts its input: every byte comes
 * through a bounds-checked reader or the caller's memory callback.
 */
#include <string.h>
#include "unwind.h"

/* ---- x86_64 -------------------------------------------------------------- */

#define UWOP_PUSH_NONVOL     0
#define UWOP_ALLOC_LARGE     1
#define UWOP_ALLOC_SMALL     2
#define UWOP_SET_FPREG       3
#define UWOP_SAVE_NONVOL     4
#define UWOP_SAVE_NONVOL_FAR 5
#define UWOP_EPILOG          6  /* version 2; version 1: obsolete SAVE_XMM */
#define UWOP_SPARE           7  /* version 1: obsolete SAVE_XMM_FAR */
#define UWOP_SAVE_XMM128     8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME  10

#define UNW_FLAG_CHAININFO   4

static int rd64(const struct unwind_x64_env *env, uint64_t addr, uint64_t *val)
{
    unsigned char b[8];
    int i;

    if (env->read(env->user, addr, b, 8)) return -1;
    *val = 0;
    for (i = 7; i >= 0; i--) *val = (*val << 8) | b[i];
    return 0;
}

static uint32_t le32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Slots an unwind code takes (1 to 3); 0 for an unknown code. */
static unsigned x64_code_slots(unsigned op, unsigned info, unsigned version)
{
    switch (op)
    {
    case UWOP_PUSH_NONVOL: case UWOP_ALLOC_SMALL: case UWOP_SET_FPREG: case UWOP_PUSH_MACHFRAME:
        return 1;
    case UWOP_ALLOC_LARGE: return info ? 3 : 2;
    case UWOP_SAVE_NONVOL: case UWOP_SAVE_XMM128: return 2;
    case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR: return 3;
    case UWOP_EPILOG: return version >= 2 ? 1 : 2;
    case UWOP_SPARE: return version >= 2 ? 0 : 3;
    default: return 0;
    }
}

/* An epilogue recognised at a pc: what is left to execute. */
struct x64_epilog
{
    int has_lea;          /* lea disp(base),%rsp */
    int has_add;          /* add $imm,%rsp */
    unsigned lea_base;
    int64_t imm;
    unsigned npops;
    unsigned pops[16];
};

/* Is pc at an instruction of an epilogue (add/lea rsp; pops; ret or tail
 * jmp), as Windows decides?  begin/end bound the function for jmp targets;
 * frame_reg is 0 when the function has no frame register. */
static int x64_decode_epilog(const struct unwind_x64_env *env, uint64_t pc, uint64_t begin,
                             uint64_t end, unsigned frame_reg, struct x64_epilog *ep)
{
    unsigned char c[64];
    unsigned n = 0, p = 0;

    memset(ep, 0, sizeof(*ep));
    /* The epilogue may end near the end of a readable page: read what can be
     * read, byte by byte after the first failure. */
    if (env->read(env->user, pc, c, sizeof(c)))
    {
        for (n = 0; n < sizeof(c); n++)
            if (env->read(env->user, pc + n, &c[n], 1)) break;
    }
    else n = sizeof(c);
#define NEED(k) do { if (p + (k) > n) return 0; } while (0)
    NEED(1);
    if ((c[0] & 0xf8) == 0x48)
    {
        NEED(3);
        if (c[0] == 0x48 && c[1] == 0x83 && c[2] == 0xc4)
        {
            NEED(4);
            ep->has_add = 1;
            ep->imm = (int8_t)c[3];
            p = 4;
        }
        else if (c[0] == 0x48 && c[1] == 0x81 && c[2] == 0xc4)
        {
            NEED(7);
            ep->has_add = 1;
            ep->imm = (int32_t)le32(c + 3);
            p = 7;
        }
        else if (c[1] == 0x8d)
        {
            unsigned modrm = c[2], base = (modrm & 7) | ((c[0] & 1) << 3);

            if (c[0] & 0x06) return 0;               /* REX.R/X */
            if (((modrm >> 3) & 7) != X64_RSP) return 0;
            if ((modrm & 7) == 4) return 0;          /* SIB */
            if (!frame_reg || base != frame_reg) return 0;
            ep->has_lea = 1;
            ep->lea_base = base;
            if ((modrm >> 6) == 1) { NEED(4); ep->imm = (int8_t)c[3]; p = 4; }
            else if ((modrm >> 6) == 2) { NEED(7); ep->imm = (int32_t)le32(c + 3); p = 7; }
            else return 0;
        }
    }
    for (;;)
    {
        unsigned rex = 0;

        NEED(1);
        if ((c[p] & 0xf0) == 0x40 && p + 1 < n && (c[p + 1] & 0xf8) == 0x58)
        {
            rex = c[p] & 0x0f;
            p++;
        }
        if ((c[p] & 0xf8) == 0x58)
        {
            unsigned reg = (c[p] & 7) | ((rex & 1) << 3);

            if (reg == X64_RSP || ep->npops >= 16) return 0;
            ep->pops[ep->npops++] = reg;
            p++;
            continue;
        }
        if (rex) return 0;
        break;
    }
    NEED(1);
    switch (c[p])
    {
    case 0xc3: return 1;                                   /* ret */
    case 0xc2: NEED(3); return 1;                          /* ret $n */
    case 0xf3: NEED(2); return c[p + 1] == 0xc3;           /* rep ret */
    case 0xe9:                                             /* jmp rel32 */
    {
        uint64_t target;

        NEED(5);
        target = pc + p + 5 + (int64_t)(int32_t)le32(c + p + 1);
        return target < begin || target >= end;
    }
    case 0xeb:                                             /* jmp rel8 */
    {
        uint64_t target;

        NEED(2);
        target = pc + p + 2 + (int64_t)(int8_t)c[p + 1];
        return target < begin || target >= end;
    }
    case 0xff:                                             /* jmp *disp(%rip) */
        NEED(2);
        return c[p + 1] == 0x25;
    case 0x48:                                             /* rex.W jmp *disp(%rip) */
        NEED(3);
        return c[p + 1] == 0xff && c[p + 2] == 0x25;
    }
    return 0;
#undef NEED
}

static enum unwind_status x64_run_epilog(const struct unwind_x64_env *env, const struct x64_epilog *ep,
                                         struct unwind_x64_regs *r)
{
    unsigned i;

    if (ep->has_lea) r->gpr[X64_RSP] = r->gpr[ep->lea_base] + (uint64_t)ep->imm;
    else if (ep->has_add) r->gpr[X64_RSP] += (uint64_t)ep->imm;
    for (i = 0; i < ep->npops; i++)
    {
        if (rd64(env, r->gpr[X64_RSP], &r->gpr[ep->pops[i]])) return UNWIND_READ_FAILED;
        r->gpr[X64_RSP] += 8;
    }
    if (rd64(env, r->gpr[X64_RSP], &r->rip)) return UNWIND_READ_FAILED;
    r->gpr[X64_RSP] += 8;
    return UNWIND_OK;
}

/* One UNWIND_INFO as read from the target. */
struct x64_info
{
    unsigned version, flags, prolog, count, frame_reg, frame_off;
    unsigned char codes[256 * 2];
};

static enum unwind_status x64_read_info(const struct unwind_x64_env *env, uint64_t addr,
                                        struct x64_info *info)
{
    unsigned char h[4];

    if (env->read(env->user, addr, h, 4)) return UNWIND_READ_FAILED;
    info->version = h[0] & 7;
    info->flags = h[0] >> 3;
    info->prolog = h[1];
    info->count = h[2];
    info->frame_reg = h[3] & 0x0f;
    info->frame_off = (h[3] >> 4) * 16;
    if (info->version != 1 && info->version != 2) return UNWIND_BAD_DATA;
    if (info->count && env->read(env->user, addr + 4, info->codes, info->count * 2))
        return UNWIND_READ_FAILED;
    return UNWIND_OK;
}

/* Follow indirect RUNTIME_FUNCTION entries (UnwindData bit 0). */
static enum unwind_status x64_resolve(const struct unwind_x64_env *env, uint64_t base,
                                      struct unwind_x64_function *fn, unsigned *depth)
{
    while (fn->unwind & 1)
    {
        unsigned char b[12];

        if (++*depth > UNWIND_MAX_CHAIN) return UNWIND_BAD_DATA;
        if (env->read(env->user, base + (fn->unwind & ~1u), b, 12)) return UNWIND_READ_FAILED;
        fn->begin = le32(b);
        fn->end = le32(b + 4);
        fn->unwind = le32(b + 8);
    }
    return UNWIND_OK;
}

/* Apply the unwind codes of fn and of the entries it chains to. */
static enum unwind_status x64_unwind_codes(const struct unwind_x64_env *env, uint64_t base,
                                           struct unwind_x64_function fn, uint64_t pc,
                                           struct unwind_x64_regs *r)
{
    struct x64_info info;
    unsigned depth = 0, first = 1, machframe = 0;
    enum unwind_status st;

    for (;;)
    {
        uint64_t begin, frame_base, prolog_off = 0;
        unsigned i, slots, start = 0;
        int in_prolog, fpreg_set;

        if ((st = x64_resolve(env, base, &fn, &depth)) != UNWIND_OK) return st;
        if ((st = x64_read_info(env, base + fn.unwind, &info)) != UNWIND_OK) return st;
        begin = base + fn.begin;
        in_prolog = pc >= begin && pc - begin < info.prolog;
        if (in_prolog) prolog_off = pc - begin;

        /* Version 2 lists its epilogues first: the first code gives their
         * size and flags (bit 0: one epilogue at the very end), the others
         * their distance from the end of the function. */
        if (info.version >= 2)
        {
            uint64_t end = base + fn.end, size = 0;
            int in_epilog = 0;

            while (start < info.count && (info.codes[start * 2 + 1] & 0x0f) == UWOP_EPILOG)
            {
                unsigned off = info.codes[start * 2], opinfo = info.codes[start * 2 + 1] >> 4;

                if (!start)
                {
                    size = off;
                    if ((opinfo & 1) && size && pc < end && end - pc <= size) in_epilog = 1;
                }
                else
                {
                    uint64_t dist = off | (uint64_t)opinfo << 8;

                    if (dist && dist <= end - begin && pc >= end - dist && pc < end - dist + size)
                        in_epilog = 1;
                }
                start++;
            }
            if (first && !in_prolog && in_epilog)
            {
                struct x64_epilog ep;

                if (!x64_decode_epilog(env, pc, begin, end, info.frame_reg, &ep)) return UNWIND_BAD_DATA;
                return x64_run_epilog(env, &ep, r);
            }
        }
        else if (first && !in_prolog)
        {
            struct x64_epilog ep;

            if (x64_decode_epilog(env, pc, begin, base + fn.end, info.frame_reg, &ep))
                return x64_run_epilog(env, &ep, r);
        }

        /* Saves are relative to the frame base: the frame register minus its
         * offset once UWOP_SET_FPREG has run, else rsp. */
        fpreg_set = 0;
        if (info.frame_reg)
        {
            if (!in_prolog) fpreg_set = 1;
            else
                for (i = start; i < info.count; i += slots)
                {
                    unsigned op = info.codes[i * 2 + 1] & 0x0f, opinfo = info.codes[i * 2 + 1] >> 4;

                    if (!(slots = x64_code_slots(op, opinfo, info.version))) return UNWIND_BAD_DATA;
                    if (op == UWOP_SET_FPREG && info.codes[i * 2] <= prolog_off) fpreg_set = 1;
                }
        }
        frame_base = fpreg_set ? r->gpr[info.frame_reg] - info.frame_off : r->gpr[X64_RSP];

        for (i = start; i < info.count; i += slots)
        {
            unsigned off = info.codes[i * 2], op = info.codes[i * 2 + 1] & 0x0f;
            unsigned opinfo = info.codes[i * 2 + 1] >> 4;
            const unsigned char *next = &info.codes[(i + 1) * 2];
            uint64_t addr;

            if (!(slots = x64_code_slots(op, opinfo, info.version))) return UNWIND_BAD_DATA;
            if (i + slots > info.count) return UNWIND_BAD_DATA;
            if (in_prolog && off > prolog_off) continue;
            if (machframe) return UNWIND_BAD_DATA; /* nothing may follow a machine frame */
            switch (op)
            {
            case UWOP_PUSH_NONVOL:
                if (opinfo == X64_RSP) return UNWIND_BAD_DATA;
                if (rd64(env, r->gpr[X64_RSP], &r->gpr[opinfo])) return UNWIND_READ_FAILED;
                r->gpr[X64_RSP] += 8;
                break;
            case UWOP_ALLOC_LARGE:
                if (opinfo) r->gpr[X64_RSP] += le32(next);
                else r->gpr[X64_RSP] += (uint64_t)(next[0] | next[1] << 8) * 8;
                break;
            case UWOP_ALLOC_SMALL:
                r->gpr[X64_RSP] += (opinfo + 1) * 8;
                break;
            case UWOP_SET_FPREG:
                if (!info.frame_reg) return UNWIND_BAD_DATA;
                r->gpr[X64_RSP] = r->gpr[info.frame_reg] - info.frame_off;
                break;
            case UWOP_SAVE_NONVOL:
            case UWOP_SAVE_NONVOL_FAR:
                if (opinfo == X64_RSP) return UNWIND_BAD_DATA;
                addr = frame_base + (op == UWOP_SAVE_NONVOL ? (uint64_t)(next[0] | next[1] << 8) * 8
                                                              : le32(next));
                if (rd64(env, addr, &r->gpr[opinfo])) return UNWIND_READ_FAILED;
                break;
            case UWOP_SAVE_XMM128:
            case UWOP_SAVE_XMM128_FAR:
                addr = frame_base + (op == UWOP_SAVE_XMM128 ? (uint64_t)(next[0] | next[1] << 8) * 16
                                                              : le32(next));
                if (env->read(env->user, addr, r->xmm[opinfo], 16)) return UNWIND_READ_FAILED;
                break;
            case UWOP_PUSH_MACHFRAME:
            {
                uint64_t sp = r->gpr[X64_RSP] + (opinfo ? 8 : 0);

                if (opinfo > 1) return UNWIND_BAD_DATA;
                if (rd64(env, sp, &r->rip) || rd64(env, sp + 24, &r->gpr[X64_RSP]))
                    return UNWIND_READ_FAILED;
                machframe = 1;
                break;
            }
            case UWOP_EPILOG:
            case UWOP_SPARE:
                /* version 1's obsolete codes, or misplaced epilogue codes */
                if (info.version >= 2) return UNWIND_BAD_DATA;
                break;
            }
        }
        first = 0;
        if (!(info.flags & UNW_FLAG_CHAININFO)) break;
        {
            unsigned char b[12];
            uint64_t at = base + fn.unwind + 4 + ((info.count + 1) & ~1u) * 2;

            if (++depth > UNWIND_MAX_CHAIN) return UNWIND_BAD_DATA;
            if (env->read(env->user, at, b, 12)) return UNWIND_READ_FAILED;
            fn.begin = le32(b);
            fn.end = le32(b + 4);
            fn.unwind = le32(b + 8);
        }
    }
    if (!machframe)
    {
        if (rd64(env, r->gpr[X64_RSP], &r->rip)) return UNWIND_READ_FAILED;
        r->gpr[X64_RSP] += 8;
    }
    return UNWIND_OK;
}

enum unwind_status unwind_x64_step(const struct unwind_x64_env *env, struct unwind_x64_regs *regs)
{
    struct unwind_x64_regs r = *regs;
    struct unwind_x64_function fn;
    enum unwind_status st;
    uint64_t base = 0;
    int found = env->lookup ? env->lookup(env->user, regs->rip, &base, &fn) : 0;

    if (found < 0) return UNWIND_BAD_DATA;
    if (!found)
    {
        /* A leaf function: nothing pushed, the return address is at [rsp]. */
        if (rd64(env, r.gpr[X64_RSP], &r.rip)) return UNWIND_READ_FAILED;
        r.gpr[X64_RSP] += 8;
    }
    else if ((st = x64_unwind_codes(env, base, fn, regs->rip, &r)) != UNWIND_OK)
        return st;
    /* The caller's frame is above the callee's: this also ends any loop a
     * hostile stack could build. */
    if (r.gpr[X64_RSP] <= regs->gpr[X64_RSP]) return UNWIND_BAD_DATA;
    *regs = r;
    return UNWIND_OK;
}

/* ---- DWARF call frame information (i386) -------------------------------- */

#define DW_EH_PE_absptr  0x00
#define DW_EH_PE_uleb128 0x01
#define DW_EH_PE_udata2  0x02
#define DW_EH_PE_udata4  0x03
#define DW_EH_PE_udata8  0x04
#define DW_EH_PE_sleb128 0x09
#define DW_EH_PE_sdata2  0x0a
#define DW_EH_PE_sdata4  0x0b
#define DW_EH_PE_sdata8  0x0c
#define DW_EH_PE_pcrel   0x10
#define DW_EH_PE_aligned 0x50
#define DW_EH_PE_indirect 0x80
#define DW_EH_PE_omit    0xff

/* A bounds-checked cursor over a section; err sticks once set. */
struct cfi_cursor
{
    const uint8_t *data;
    size_t size, pos;
    int err;
};

static uint64_t cur_uint(struct cfi_cursor *c, unsigned bytes)
{
    uint64_t v = 0;
    unsigned i;

    if (c->err || bytes > c->size - c->pos) { c->err = 1; return 0; }
    for (i = 0; i < bytes; i++) v |= (uint64_t)c->data[c->pos + i] << (8 * i);
    c->pos += bytes;
    return v;
}

static uint64_t cur_uleb(struct cfi_cursor *c)
{
    uint64_t v = 0;
    unsigned shift = 0;

    for (;;)
    {
        uint8_t b;

        if (c->err || c->pos >= c->size) { c->err = 1; return 0; }
        b = c->data[c->pos++];
        if (shift < 64) v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) return v;
        if (shift > 70) { c->err = 1; return 0; }
    }
}

static int64_t cur_sleb(struct cfi_cursor *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;

    do
    {
        if (c->err || c->pos >= c->size) { c->err = 1; return 0; }
        b = c->data[c->pos++];
        if (shift < 64) v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (shift > 70) { c->err = 1; return 0; }
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= ~(uint64_t)0 << shift;
    return (int64_t)v;
}

/* Read a pointer in the given DW_EH_PE_* encoding; vaddr is the address of
 * the section's first byte (for pcrel).  Relative encodings we cannot
 * resolve (text/data/func-relative, indirect) set err. */
static uint64_t cur_encoded(struct cfi_cursor *c, unsigned enc, unsigned addr_size, uint64_t vaddr,
                            int value_only)
{
    uint64_t at = vaddr + c->pos, v;

    if (enc == DW_EH_PE_omit) return 0;
    if ((enc & 0x70) == DW_EH_PE_aligned)
    {
        size_t aligned = (c->pos + addr_size - 1) / addr_size * addr_size;

        if (aligned > c->size) { c->err = 1; return 0; }
        c->pos = aligned;
        return cur_uint(c, addr_size);
    }
    switch (enc & 0x0f)
    {
    case DW_EH_PE_absptr: v = cur_uint(c, addr_size); break;
    case DW_EH_PE_uleb128: v = cur_uleb(c); break;
    case DW_EH_PE_udata2: v = cur_uint(c, 2); break;
    case DW_EH_PE_udata4: v = cur_uint(c, 4); break;
    case DW_EH_PE_udata8: v = cur_uint(c, 8); break;
    case DW_EH_PE_sleb128: v = (uint64_t)cur_sleb(c); break;
    case DW_EH_PE_sdata2: v = (uint64_t)(int64_t)(int16_t)cur_uint(c, 2); break;
    case DW_EH_PE_sdata4: v = (uint64_t)(int64_t)(int32_t)cur_uint(c, 4); break;
    case DW_EH_PE_sdata8: v = cur_uint(c, 8); break;
    default: c->err = 1; return 0;
    }
    if (value_only) return v;
    switch (enc & 0x70)
    {
    case 0: break;
    case DW_EH_PE_pcrel: v += at; break;
    default: c->err = 1; return 0;
    }
    if (enc & DW_EH_PE_indirect) { c->err = 1; return 0; }
    if (addr_size == 4) v &= 0xffffffffu;
    return v;
}

/* The facts of a CIE that its FDEs need. */
struct cfi_cie
{
    uint64_t code_align;
    int64_t data_align;
    uint64_t ra_reg;
    unsigned fde_enc;
    int has_z;            /* FDEs carry an augmentation length */
    size_t insn, insn_end;/* initial instructions */
    unsigned addr_size;
};

/* Read the length and id of the entry at *pos.  Returns 0 and fills the
 * content range, -1 on bad data, 1 at an eh_frame terminator. */
static int cfi_entry(const struct unwind_cfi_section *sec, size_t pos, size_t *content,
                     size_t *end, uint64_t *id, size_t *id_pos, int *dwarf64)
{
    struct cfi_cursor c = { sec->data, sec->size, pos, 0 };
    uint64_t len = cur_uint(&c, 4);

    *dwarf64 = 0;
    if (c.err) return -1;
    if (len == 0) return 1;
    if (len == 0xffffffffu)
    {
        len = cur_uint(&c, 8);
        *dwarf64 = 1;
    }
    if (c.err || len > c.size - c.pos) return -1;
    *end = c.pos + (size_t)len;
    *id_pos = c.pos;
    *id = cur_uint(&c, *dwarf64 ? 8 : 4);
    if (c.err || c.pos > *end) return -1;
    *content = c.pos;
    return 0;
}

static int cfi_parse_cie(const struct unwind_cfi_section *sec, size_t pos, struct cfi_cie *cie)
{
    size_t content, end, id_pos;
    uint64_t id;
    int dwarf64;
    struct cfi_cursor c;
    const char *aug;
    size_t aug_len;
    unsigned version, i;

    if (cfi_entry(sec, pos, &content, &end, &id, &id_pos, &dwarf64)) return -1;
    if (sec->is_eh_frame ? id != 0 : id != (dwarf64 ? ~(uint64_t)0 : 0xffffffffu)) return -1;
    c.data = sec->data;
    c.size = end;
    c.pos = content;
    c.err = 0;
    version = (unsigned)cur_uint(&c, 1);
    if (c.err || (version != 1 && version != 3 && version != 4)) return -1;
    aug = (const char *)sec->data + c.pos;
    {
        const void *nul = memchr(aug, 0, end - c.pos);

        if (!nul) return -1;
        aug_len = (size_t)((const char *)nul - aug);
    }
    c.pos += aug_len + 1;
    memset(cie, 0, sizeof(*cie));
    cie->addr_size = 4;
    cie->fde_enc = DW_EH_PE_absptr;
    if (version == 4)
    {
        cie->addr_size = (unsigned)cur_uint(&c, 1);
        if (cur_uint(&c, 1) != 0) return -1; /* segment selectors */
        if (cie->addr_size != 4 && cie->addr_size != 8) return -1;
    }
    cie->code_align = cur_uleb(&c);
    cie->data_align = cur_sleb(&c);
    cie->ra_reg = version == 1 ? cur_uint(&c, 1) : cur_uleb(&c);
    if (c.err) return -1;
    if (aug[0] == 'z')
    {
        uint64_t alen = cur_uleb(&c);
        size_t aend;

        if (c.err || alen > c.size - c.pos) return -1;
        aend = c.pos + (size_t)alen;
        cie->has_z = 1;
        for (i = 1; i < aug_len && !c.err; i++)
        {
            switch (aug[i])
            {
            case 'R': cie->fde_enc = (unsigned)cur_uint(&c, 1); break;
            case 'L': cur_uint(&c, 1); break;
            case 'P':
            {
                unsigned enc = (unsigned)cur_uint(&c, 1);

                /* Only skipped: an indirect personality is never read. */
                cur_encoded(&c, enc & ~DW_EH_PE_indirect, cie->addr_size, sec->vaddr, 1);
                break;
            }
            case 'S': case 'B': break;
            default: i = (unsigned)aug_len; break; /* the length lets us skip the rest */
            }
        }
        if (c.err || c.pos > aend) return -1;
        c.pos = aend;
    }
    else if (aug[0]) return -1; /* without 'z' an unknown augmentation cannot be skipped */
    cie->insn = c.pos;
    cie->insn_end = end;
    return 0;
}

/* Register rules. */
enum { RULE_SAME = 0, RULE_UNDEFINED, RULE_OFFSET, RULE_VAL_OFFSET, RULE_REGISTER, RULE_EXPR,
       RULE_VAL_EXPR };

#define CFI_NREGS 17      /* i386 columns 0-8 and a few more; others ignored */
#define CFI_MAX_STACK 16

struct cfi_row
{
    unsigned cfa_reg;
    int64_t cfa_off;      /* with cfa_expr: the expression's section offset */
    int cfa_expr;
    uint32_t cfa_len;     /* with cfa_expr: the expression's length */
    unsigned char rule[CFI_NREGS];
    int64_t value[CFI_NREGS];   /* RULE_(VAL_)EXPR: the expression's offset */
    uint32_t len[CFI_NREGS];    /* RULE_(VAL_)EXPR: the expression's length */
};

struct cfi_state
{
    struct cfi_row row, initial;
    struct cfi_row stack[CFI_MAX_STACK];
    unsigned depth;
    uint64_t loc;
};

static void cfi_set(struct cfi_row *row, uint64_t reg, unsigned rule, int64_t value)
{
    if (reg >= CFI_NREGS) return;
    row->rule[reg] = rule;
    row->value[reg] = value;
    row->len[reg] = 0;
}

/* A factored offset: the product in unsigned arithmetic (hostile operands
 * wrap instead of overflowing), read back as the signed offset it encodes. */
static int64_t cfi_factor(uint64_t value, int64_t factor)
{
    return (int64_t)(value * (uint64_t)factor);
}

/* Skip a DWARF expression (a length, then the bytes) at the cursor; its
 * offset and length go to *pos and *len. */
static int cfi_expr_skip(struct cfi_cursor *c, int64_t *pos, uint32_t *len)
{
    uint64_t n = cur_uleb(c);

    if (c->err || n > c->size - c->pos || n > 0xffff) return -1;
    *pos = (int64_t)c->pos;
    *len = (uint32_t)n;
    c->pos += (size_t)n;
    return 0;
}

/* Run instructions [start, end) until the row for pc is complete.  Returns
 * 0 on success, -1 on bad data. */
static int cfi_execute(const struct unwind_cfi_section *sec, const struct cfi_cie *cie, size_t start,
                       size_t end, uint64_t pc, struct cfi_state *st)
{
    struct cfi_cursor c = { sec->data, end, start, 0 };

    while (c.pos < end && !c.err)
    {
        unsigned op = (unsigned)cur_uint(&c, 1), low = op & 0x3f;
        uint64_t reg, delta = 0, newloc;
        int advance = 0;

        switch (op >> 6)
        {
        case 1: delta = low; advance = 1; break;
        case 2: cfi_set(&st->row, low, RULE_OFFSET, cfi_factor(cur_uleb(&c), cie->data_align)); continue;
        case 3:
            if (low < CFI_NREGS)
            {
                st->row.rule[low] = st->initial.rule[low];
                st->row.value[low] = st->initial.value[low];
                st->row.len[low] = st->initial.len[low];
            }
            continue;
        }
        if (!advance) switch (op)
        {
        case 0x00: break;                                        /* nop */
        case 0x01:                                               /* set_loc */
            newloc = cur_encoded(&c, cie->fde_enc, cie->addr_size, sec->vaddr, 0);
            if (c.err) return -1;
            if (newloc > pc) return 0;
            st->loc = newloc;
            break;
        case 0x02: delta = cur_uint(&c, 1); advance = 1; break;   /* advance_loc1 */
        case 0x03: delta = cur_uint(&c, 2); advance = 1; break;   /* advance_loc2 */
        case 0x04: delta = cur_uint(&c, 4); advance = 1; break;   /* advance_loc4 */
        case 0x05:                                               /* offset_extended */
            reg = cur_uleb(&c);
            cfi_set(&st->row, reg, RULE_OFFSET, cfi_factor(cur_uleb(&c), cie->data_align));
            break;
        case 0x06:                                               /* restore_extended */
            reg = cur_uleb(&c);
            if (reg < CFI_NREGS)
            {
                st->row.rule[reg] = st->initial.rule[reg];
                st->row.value[reg] = st->initial.value[reg];
                st->row.len[reg] = st->initial.len[reg];
            }
            break;
        case 0x07: cfi_set(&st->row, cur_uleb(&c), RULE_UNDEFINED, 0); break;
        case 0x08: cfi_set(&st->row, cur_uleb(&c), RULE_SAME, 0); break;
        case 0x09:                                               /* register */
            reg = cur_uleb(&c);
            cfi_set(&st->row, reg, RULE_REGISTER, (int64_t)cur_uleb(&c));
            break;
        case 0x0a:                                               /* remember_state */
            if (st->depth >= CFI_MAX_STACK) return -1;
            st->stack[st->depth++] = st->row;
            break;
        case 0x0b:                                               /* restore_state */
            /* The whole row, CFA rule included: GCC emits remember_state
             * before an epilogue and relies on restore_state after it. */
            if (!st->depth) return -1;
            st->row = st->stack[--st->depth];
            break;
        case 0x0c:                                               /* def_cfa */
            st->row.cfa_reg = (unsigned)cur_uleb(&c);
            st->row.cfa_off = (int64_t)cur_uleb(&c);
            st->row.cfa_expr = 0;
            break;
        case 0x0d: st->row.cfa_reg = (unsigned)cur_uleb(&c); st->row.cfa_expr = 0; break;
        case 0x0e: st->row.cfa_off = (int64_t)cur_uleb(&c); break;
        case 0x0f:                                               /* def_cfa_expression */
            if (cfi_expr_skip(&c, &st->row.cfa_off, &st->row.cfa_len)) return -1;
            st->row.cfa_expr = 1;
            break;
        case 0x10:                                               /* expression */
        case 0x16:                                               /* val_expression */
        {
            int64_t pos;
            uint32_t len;

            reg = cur_uleb(&c);
            if (cfi_expr_skip(&c, &pos, &len)) return -1;
            cfi_set(&st->row, reg, op == 0x10 ? RULE_EXPR : RULE_VAL_EXPR, pos);
            if (reg < CFI_NREGS) st->row.len[reg] = len;
            break;
        }
        case 0x11:                                               /* offset_extended_sf */
            reg = cur_uleb(&c);
            cfi_set(&st->row, reg, RULE_OFFSET, cfi_factor((uint64_t)cur_sleb(&c), cie->data_align));
            break;
        case 0x12:                                               /* def_cfa_sf */
            st->row.cfa_reg = (unsigned)cur_uleb(&c);
            st->row.cfa_off = cfi_factor((uint64_t)cur_sleb(&c), cie->data_align);
            st->row.cfa_expr = 0;
            break;
        case 0x13: st->row.cfa_off = cfi_factor((uint64_t)cur_sleb(&c), cie->data_align); break;
        case 0x14:                                               /* val_offset */
            reg = cur_uleb(&c);
            cfi_set(&st->row, reg, RULE_VAL_OFFSET, cfi_factor(cur_uleb(&c), cie->data_align));
            break;
        case 0x15:                                               /* val_offset_sf */
            reg = cur_uleb(&c);
            cfi_set(&st->row, reg, RULE_VAL_OFFSET, cfi_factor((uint64_t)cur_sleb(&c), cie->data_align));
            break;
        case 0x2e: cur_uleb(&c); break;                          /* GNU_args_size */
        case 0x2f:                                               /* GNU_negative_offset_extended */
            reg = cur_uleb(&c);
            cfi_set(&st->row, reg, RULE_OFFSET, cfi_factor(0 - cur_uleb(&c), cie->data_align));
            break;
        default:
            return -1;
        }
        if (c.err) return -1;
        if (advance)
        {
            newloc = st->loc + delta * cie->code_align;
            if (newloc > pc) return 0;
            st->loc = newloc;
        }
    }
    return c.err ? -1 : 0;
}

/* Find the FDE covering pc in one section and compute its row.  Returns 1
 * when found, 0 when not, -1 on bad data. */
static int cfi_find_row(const struct unwind_cfi_section *sec, uint64_t pc, struct cfi_cie *cie_out,
                        struct cfi_state *st)
{
    size_t pos = 0, content, end, id_pos, cached_cie = (size_t)-1;
    struct cfi_cie cie;
    uint64_t id;
    int dwarf64, r;

    while (pos < sec->size)
    {
        struct cfi_cursor c;
        uint64_t begin, range;
        size_t cie_pos;

        r = cfi_entry(sec, pos, &content, &end, &id, &id_pos, &dwarf64);
        if (r > 0) return 0;                 /* eh_frame terminator */
        if (r < 0) return -1;
        pos = end;
        if (sec->is_eh_frame ? id == 0 : id == (dwarf64 ? ~(uint64_t)0 : 0xffffffffu)) continue;
        if (sec->is_eh_frame)
        {
            if (id > id_pos) return -1;
            cie_pos = id_pos - (size_t)id;
        }
        else
        {
            if (id >= sec->size) return -1;
            cie_pos = (size_t)id;
        }
        if (cie_pos != cached_cie)
        {
            if (cfi_parse_cie(sec, cie_pos, &cie)) return -1;
            cached_cie = cie_pos;
        }
        c.data = sec->data;
        c.size = end;
        c.pos = content;
        c.err = 0;
        begin = cur_encoded(&c, sec->is_eh_frame ? cie.fde_enc : DW_EH_PE_absptr, cie.addr_size,
                            sec->vaddr, 0);
        range = cur_encoded(&c, (sec->is_eh_frame ? cie.fde_enc : DW_EH_PE_absptr) & 0x0f,
                            cie.addr_size, sec->vaddr, 1);
        if (c.err) return -1;
        if (pc < begin || pc - begin >= range) continue;
        if (cie.has_z)
        {
            uint64_t alen = cur_uleb(&c);

            if (c.err || alen > end - c.pos) return -1;
            c.pos += (size_t)alen;
        }
        memset(st, 0, sizeof(*st));
        st->loc = begin;
        if (cfi_execute(sec, &cie, cie.insn, cie.insn_end, ~(uint64_t)0, st)) return -1;
        st->initial = st->row;
        st->depth = 0;
        st->loc = begin;
        if (cfi_execute(sec, &cie, c.pos, end, pc, st)) return -1;
        *cie_out = cie;
        return 1;
    }
    return 0;
}

static int rd32(unwind_read_fn read, void *user, uint64_t addr, uint32_t *val)
{
    unsigned char b[4];

    if (read(user, addr, b, 4)) return -1;
    *val = le32(b);
    return 0;
}

#define EXPR_MAX_STACK 64
#define EXPR_MAX_STEPS 1024

/* Evaluate the DWARF expression at [pos, pos + len) of sec in 32-bit
 * arithmetic (i386 addresses), with `push` (the CFA for a register rule)
 * on the stack first unless has_push is 0.  Register operands read *regs.
 * Returns 0 with the top of the stack in *out, -1 on bad data or a failed
 * read.  Branches make the number of steps, not the length, the bound. */
static int cfi_eval(const struct unwind_cfi_section *sec, int64_t pos, uint32_t len,
                    const struct unwind_x86_regs *regs, int has_push, uint32_t push,
                    unwind_read_fn read, void *user, uint32_t *out)
{
    uint32_t stack[EXPR_MAX_STACK], a, b;
    unsigned sp = 0, steps;
    struct cfi_cursor c;

    if (pos < 0 || (uint64_t)pos > sec->size || len > sec->size - (size_t)pos) return -1;
    c.data = sec->data + pos;
    c.size = len;
    c.pos = 0;
    c.err = 0;
    if (has_push) stack[sp++] = push;
    for (steps = 0; c.pos < c.size; steps++)
    {
        unsigned op = (unsigned)cur_uint(&c, 1);
        int64_t skip;

        if (c.err || steps >= EXPR_MAX_STEPS) return -1;
        /* Every operator below pushes at most one value. */
        if (sp >= EXPR_MAX_STACK) return -1;
        if (op >= 0x30 && op <= 0x4f) { stack[sp++] = op - 0x30; continue; }      /* lit0-31 */
        if (op >= 0x70 && op <= 0x8f)                                              /* breg0-31 */
        {
            a = (uint32_t)cur_sleb(&c);
            if (op - 0x70 >= 8) return -1;
            stack[sp++] = regs->gpr[op - 0x70] + a;
            continue;
        }
        switch (op)
        {
        case 0x03: stack[sp++] = (uint32_t)cur_uint(&c, 4); break;            /* addr */
        case 0x08: stack[sp++] = (uint32_t)cur_uint(&c, 1); break;            /* const1u */
        case 0x09: stack[sp++] = (uint32_t)(int8_t)cur_uint(&c, 1); break;    /* const1s */
        case 0x0a: stack[sp++] = (uint32_t)cur_uint(&c, 2); break;            /* const2u */
        case 0x0b: stack[sp++] = (uint32_t)(int16_t)cur_uint(&c, 2); break;   /* const2s */
        case 0x0c: case 0x0d: stack[sp++] = (uint32_t)cur_uint(&c, 4); break; /* const4u/s */
        case 0x0e: case 0x0f: stack[sp++] = (uint32_t)cur_uint(&c, 8); break; /* const8u/s */
        case 0x10: stack[sp++] = (uint32_t)cur_uleb(&c); break;               /* constu */
        case 0x11: stack[sp++] = (uint32_t)cur_sleb(&c); break;               /* consts */
        case 0x92:                                                           /* bregx */
        {
            uint64_t reg = cur_uleb(&c);

            a = (uint32_t)cur_sleb(&c);
            if (reg >= 8) return -1;
            stack[sp++] = regs->gpr[reg] + a;
            break;
        }
        case 0x12: if (!sp) return -1; stack[sp] = stack[sp - 1]; sp++; break;  /* dup */
        case 0x13: if (!sp) return -1; sp--; break;                             /* drop */
        case 0x14: if (sp < 2) return -1; stack[sp] = stack[sp - 2]; sp++; break; /* over */
        case 0x15:                                                           /* pick */
            a = (uint32_t)cur_uint(&c, 1);
            if (a >= sp) return -1;
            stack[sp] = stack[sp - 1 - a];
            sp++;
            break;
        case 0x16:                                                           /* swap */
            if (sp < 2) return -1;
            a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a;
            break;
        case 0x17:                                                           /* rot */
            if (sp < 3) return -1;
            a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = a;
            break;
        case 0x06:                                                           /* deref */
            if (!sp || rd32(read, user, stack[sp - 1], &stack[sp - 1])) return -1;
            break;
        case 0x94:                                                           /* deref_size */
        {
            unsigned char buf[4] = { 0 };

            a = (uint32_t)cur_uint(&c, 1);
            if (!sp || !a || a > 4 || read(user, stack[sp - 1], buf, a)) return -1;
            stack[sp - 1] = le32(buf);
            break;
        }
        case 0x19: if (!sp) return -1;                                          /* abs */
            if ((int32_t)stack[sp - 1] < 0) stack[sp - 1] = 0 - stack[sp - 1];
            break;
        case 0x1f: if (!sp) return -1; stack[sp - 1] = 0 - stack[sp - 1]; break; /* neg */
        case 0x20: if (!sp) return -1; stack[sp - 1] = ~stack[sp - 1]; break;    /* not */
        case 0x23: if (!sp) return -1; stack[sp - 1] += (uint32_t)cur_uleb(&c); break; /* plus_uconst */
        case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x21: case 0x22:
        case 0x24: case 0x25: case 0x26: case 0x27:
        case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e:
            if (sp < 2) return -1;
            b = stack[--sp];
            a = stack[sp - 1];
            switch (op)
            {
            case 0x1a: a &= b; break;                                        /* and */
            case 0x1b:                                                       /* div (signed) */
                if (!b || (a == 0x80000000u && b == 0xffffffffu)) return -1;
                a = (uint32_t)((int32_t)a / (int32_t)b);
                break;
            case 0x1c: a -= b; break;                                        /* minus */
            case 0x1d: if (!b) return -1; a %= b; break;                     /* mod */
            case 0x1e: a *= b; break;                                        /* mul */
            case 0x21: a |= b; break;                                        /* or */
            case 0x22: a += b; break;                                        /* plus */
            case 0x24: a = b < 32 ? a << b : 0; break;                       /* shl */
            case 0x25: a = b < 32 ? a >> b : 0; break;                       /* shr */
            case 0x26:                                                       /* shra */
                a = b < 32 ? (a >> b) | ((a & 0x80000000u) && b ? ~(0xffffffffu >> b) : 0)
                           : ((a & 0x80000000u) ? 0xffffffffu : 0);
                break;
            case 0x27: a ^= b; break;                                        /* xor */
            case 0x29: a = a == b; break;                                    /* eq */
            case 0x2a: a = (int32_t)a >= (int32_t)b; break;                  /* ge */
            case 0x2b: a = (int32_t)a > (int32_t)b; break;                   /* gt */
            case 0x2c: a = (int32_t)a <= (int32_t)b; break;                  /* le */
            case 0x2d: a = (int32_t)a < (int32_t)b; break;                   /* lt */
            case 0x2e: a = a != b; break;                                    /* ne */
            }
            stack[sp - 1] = a;
            break;
        case 0x2f:                                                           /* skip */
        case 0x28:                                                           /* bra */
            skip = (int16_t)cur_uint(&c, 2);
            if (c.err) return -1;
            if (op == 0x28)
            {
                if (!sp) return -1;
                if (!stack[--sp]) break;
            }
            if (skip < 0 ? (uint64_t)-skip > c.pos : (uint64_t)skip > c.size - c.pos) return -1;
            c.pos = (size_t)((int64_t)c.pos + skip);
            break;
        case 0x96: break;                                                    /* nop */
        default: return -1;  /* register locations, TLS, calls: not in CFI */
        }
        if (c.err) return -1;
    }
    if (!sp) return -1;
    *out = stack[sp - 1];
    return 0;
}

enum unwind_status unwind_x86_cfi_step(const struct unwind_cfi_section *secs, unsigned nsecs,
                                       uint64_t lookup_pc, unwind_read_fn read, void *user,
                                       struct unwind_x86_regs *regs)
{
    const struct unwind_cfi_section *sec = NULL;
    struct cfi_state st;
    struct cfi_cie cie;
    struct unwind_x86_regs r = *regs;
    uint32_t cfa, ra = 0;
    unsigned i;
    int found = 0;

    for (i = 0; i < nsecs && !found; i++)
    {
        if (!secs[i].data || !secs[i].size) continue;
        if ((found = cfi_find_row(&secs[i], lookup_pc, &cie, &st)) < 0) return UNWIND_BAD_DATA;
        if (found) sec = &secs[i];
    }
    if (!found) return UNWIND_NOT_FOUND;
    if (cie.ra_reg >= CFI_NREGS) return UNWIND_BAD_DATA;
    if (st.row.cfa_expr)
    {
        if (cfi_eval(sec, st.row.cfa_off, st.row.cfa_len, regs, 0, 0, read, user, &cfa))
            return UNWIND_BAD_DATA;
    }
    else if (st.row.cfa_reg >= 8) return UNWIND_BAD_DATA;
    else cfa = (uint32_t)(regs->gpr[st.row.cfa_reg] + (uint64_t)st.row.cfa_off);
    for (i = 0; i < CFI_NREGS; i++)
    {
        uint32_t val;
        int64_t v = st.row.value[i];

        if (i >= 8 && i != cie.ra_reg) continue;
        switch (st.row.rule[i])
        {
        case RULE_SAME:
            val = i < 8 ? regs->gpr[i] : regs->eip;
            break;
        case RULE_UNDEFINED:
            val = 0;
            break;
        case RULE_OFFSET:
            if (rd32(read, user, (uint32_t)(cfa + (uint64_t)v), &val)) return UNWIND_READ_FAILED;
            break;
        case RULE_VAL_OFFSET:
            val = (uint32_t)(cfa + (uint64_t)v);
            break;
        case RULE_REGISTER:
            if (v < 0 || v > 8) return UNWIND_BAD_DATA;
            val = v < 8 ? regs->gpr[v] : regs->eip;
            break;
        case RULE_EXPR:
        case RULE_VAL_EXPR:
        {
            uint32_t addr;

            if (cfi_eval(sec, v, st.row.len[i], regs, 1, cfa, read, user, &addr)) return UNWIND_BAD_DATA;
            if (st.row.rule[i] == RULE_VAL_EXPR) val = addr;
            else if (rd32(read, user, addr, &val)) return UNWIND_READ_FAILED;
            break;
        }
        default:
            if (i == cie.ra_reg) return UNWIND_BAD_DATA;
            val = regs->gpr[i];
            break;
        }
        if (i == cie.ra_reg) ra = val;
        else if (i < 8) r.gpr[i] = val;
    }
    /* The return address column has no "same value" meaning for the pc. */
    if (st.row.rule[cie.ra_reg] == RULE_SAME && cie.ra_reg == 8) return UNWIND_BAD_DATA;
    r.gpr[X86_ESP] = cfa;
    r.eip = ra;
    if (r.eip && r.gpr[X86_ESP] <= regs->gpr[X86_ESP]) return UNWIND_BAD_DATA;
    *regs = r;
    return UNWIND_OK;
}

enum unwind_status unwind_x86_fp_step(unwind_read_fn read, void *user, struct unwind_x86_regs *regs)
{
    uint32_t ebp = regs->gpr[X86_EBP], saved, ret;

    if (!ebp || ebp > 0xfffffff7u) return UNWIND_BAD_DATA;
    if (rd32(read, user, ebp, &saved) || rd32(read, user, (uint64_t)ebp + 4, &ret))
        return UNWIND_READ_FAILED;
    /* The caller's frame is above ours; 0 ends the chain. */
    if (saved && saved <= ebp) return UNWIND_BAD_DATA;
    if (ebp + 8 <= regs->gpr[X86_ESP]) return UNWIND_BAD_DATA;
    regs->gpr[X86_EBP] = saved;
    regs->gpr[X86_ESP] = ebp + 8;
    regs->eip = ret;
    return UNWIND_OK;
}

int unwind_x86_after_call(const uint8_t b[7])
{
    /* b[7 - n] is the first byte of an n-byte call. */
#define OPCODE(n) b[7 - (n)]
#define MODRM(n) b[8 - (n)]
#define IS_CALL_RM(m) (((m) & 0x38) == 0x10) /* reg field 2: FF /2 */
    if (OPCODE(5) == 0xe8) return 1;                                  /* call rel32 */
    if (OPCODE(2) == 0xff && IS_CALL_RM(MODRM(2)) &&                  /* call reg, call [reg] */
        ((MODRM(2) & 0xc0) == 0xc0 || ((MODRM(2) & 0xc0) == 0 && (MODRM(2) & 7) != 4 && (MODRM(2) & 7) != 5)))
        return 1;
    if (OPCODE(3) == 0xff && IS_CALL_RM(MODRM(3)) &&                  /* [reg+d8], [sib] */
        (((MODRM(3) & 0xc0) == 0x40 && (MODRM(3) & 7) != 4) ||
         ((MODRM(3) & 0xc7) == 0x04 && (b[6] & 7) != 5)))
        return 1;
    if (OPCODE(4) == 0xff && IS_CALL_RM(MODRM(4)) && (MODRM(4) & 0xc7) == 0x44) /* [sib+d8] */
        return 1;
    if (OPCODE(6) == 0xff && IS_CALL_RM(MODRM(6)) &&                  /* [reg+d32], [abs32] */
        (((MODRM(6) & 0xc0) == 0x80 && (MODRM(6) & 7) != 4) || (MODRM(6) & 0xc7) == 0x05))
        return 1;
    if (OPCODE(7) == 0xff && IS_CALL_RM(MODRM(7)) &&                  /* [sib+d32], [sib abs32] */
        ((MODRM(7) & 0xc7) == 0x84 || ((MODRM(7) & 0xc7) == 0x04 && (b[2] & 7) == 5)))
        return 1;
    return 0;
#undef OPCODE
#undef MODRM
#undef IS_CALL_RM
}

enum unwind_status unwind_x86_scan_step(unwind_read_fn read, unwind_x86_is_return_fn is_return,
                                        void *user, uint32_t max_bytes, struct unwind_x86_regs *regs)
{
    unsigned char block[256];
    uint32_t esp = regs->gpr[X86_ESP], off, i;

    if (esp & 3) return UNWIND_NOT_FOUND;
    for (off = 0; off < max_bytes; off += sizeof(block))
    {
        uint32_t len = max_bytes - off < sizeof(block) ? max_bytes - off : (uint32_t)sizeof(block);

        if ((uint64_t)esp + off + len > 0x100000000ull) return UNWIND_NOT_FOUND;
        /* A block across the end of the readable stack is read a slot at a
         * time, up to that end. */
        if (read(user, (uint64_t)esp + off, block, len))
        {
            for (i = 0; i + 4 <= len; i += 4)
                if (read(user, (uint64_t)esp + off + i, block + i, 4)) break;
            if (!i) return UNWIND_NOT_FOUND;
            len = i;
        }
        for (i = 0; i + 4 <= len; i += 4)
        {
            uint32_t value = le32(block + i);

            if (value < 8 || !is_return(user, value)) continue;
            regs->gpr[X86_ESP] = esp + off + i + 4;
            regs->eip = value;
            return UNWIND_OK;
        }
    }
    return UNWIND_NOT_FOUND;
}

/* ---- i386 frame data (PDB) ------------------------------------------------ */

/* The variables of a frame data program. */
enum
{
    FV_EIP, FV_ESP, FV_EBP, FV_EBX, FV_ESI, FV_EDI, FV_EAX, FV_ECX, FV_EDX,
    FV_T0, FV_T9 = FV_T0 + 9, FV_RA_SEARCH, FV_RA_START, FV_COUNT
};

static int frame_var(const char *tok, size_t len)
{
    static const char *const names[] = { "$eip", "$esp", "$ebp", "$ebx", "$esi", "$edi", "$eax", "$ecx", "$edx" };
    unsigned i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (len == strlen(names[i]) && !memcmp(tok, names[i], len)) return (int)i;
    if (len == 3 && tok[0] == '$' && tok[1] == 'T' && tok[2] >= '0' && tok[2] <= '9') return FV_T0 + tok[2] - '0';
    if (len == 9 && !memcmp(tok, ".raSearch", 9)) return FV_RA_SEARCH;
    if (len == 14 && !memcmp(tok, ".raSearchStart", 14)) return FV_RA_START;
    return -1;
}

struct frame_item
{
    int var;        /* a variable named, or -1 for a value */
    uint32_t value;
};

/* The return address's slot: the first from start up that is_return
 * accepts, else start. */
static uint32_t ra_search(unwind_read_fn read, unwind_x86_is_return_fn is_return, void *user, uint32_t start,
                          uint32_t max_bytes)
{
    uint32_t off;
    unsigned char v[4];

    for (off = 0; off < max_bytes && (uint64_t)start + off + 4 <= 0x100000000ull; off += 4)
    {
        if (read(user, (uint64_t)start + off, v, 4)) break;
        if (le32(v) >= 8 && is_return(user, le32(v))) return start + off;
    }
    return start;
}

enum unwind_status unwind_x86_frame_step(const struct unwind_x86_frame *f, unwind_read_fn read,
                                         unwind_x86_is_return_fn is_return, void *user, uint32_t max_bytes,
                                         struct unwind_x86_regs *regs)
{
    static const int gpr_of[FV_EDX + 1] = { -1, X86_ESP, X86_EBP, X86_EBX, X86_ESI, X86_EDI, X86_EAX, X86_ECX, X86_EDX };
    uint32_t vals[FV_COUNT];
    unsigned char set[FV_COUNT], buf[4];
    struct frame_item stack[32];
    unsigned depth = 0, i;
    const char *p;

    memset(set, 0, sizeof(set));
    memset(vals, 0, sizeof(vals));
    vals[FV_EIP] = regs->eip;
    for (i = FV_ESP; i <= FV_EDX; i++) vals[i] = regs->gpr[gpr_of[i]];
    vals[FV_RA_START] = regs->gpr[X86_ESP] + f->locals + f->saved_regs;
    vals[FV_RA_SEARCH] = ra_search(read, is_return, user, vals[FV_RA_START], max_bytes);
    if (!f->program)
    {
        /* An old FPO_DATA record. */
        uint32_t ra, ebp = regs->gpr[X86_EBP];

        if (f->use_bp)
        {
            if (!ebp || read(user, (uint64_t)ebp + 4, buf, 4)) return UNWIND_BAD_DATA;
            ra = le32(buf);
            if (read(user, ebp, buf, 4)) return UNWIND_BAD_DATA;
            regs->gpr[X86_EBP] = le32(buf);
            regs->gpr[X86_ESP] = ebp + 8;
        }
        else
        {
            if (read(user, vals[FV_RA_SEARCH], buf, 4)) return UNWIND_BAD_DATA;
            ra = le32(buf);
            regs->gpr[X86_ESP] = vals[FV_RA_SEARCH] + 4;
        }
        regs->eip = ra;
        return UNWIND_OK;
    }
    for (p = f->program; *p;)
    {
        const char *tok;
        size_t len;
        int var;

        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p) break;
        for (tok = p; *p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r'; p++) {}
        len = (size_t)(p - tok);
        if (len == 1 && strchr("+-*/%@^=", tok[0]))
        {
            uint32_t a, b;

            if (tok[0] == '^')
            {
                if (!depth) return UNWIND_BAD_DATA;
                a = stack[depth - 1].var >= 0 ? vals[stack[depth - 1].var] : stack[depth - 1].value;
                if (read(user, a, buf, 4)) return UNWIND_BAD_DATA;
                stack[depth - 1].var = -1;
                stack[depth - 1].value = le32(buf);
                continue;
            }
            if (depth < 2) return UNWIND_BAD_DATA;
            b = stack[depth - 1].var >= 0 ? vals[stack[depth - 1].var] : stack[depth - 1].value;
            if (tok[0] == '=')
            {
                /* name value = */
                var = stack[depth - 2].var;
                if (var < 0 || var == FV_RA_SEARCH || var == FV_RA_START) return UNWIND_BAD_DATA;
                vals[var] = b;
                set[var] = 1;
                depth -= 2;
                continue;
            }
            a = stack[depth - 2].var >= 0 ? vals[stack[depth - 2].var] : stack[depth - 2].value;
            switch (tok[0])
            {
            case '+': a += b; break;
            case '-': a -= b; break;
            case '*': a *= b; break;
            case '/': if (!b) return UNWIND_BAD_DATA; a /= b; break;
            case '%': if (!b) return UNWIND_BAD_DATA; a %= b; break;
            case '@': if (!b || (b & (b - 1))) return UNWIND_BAD_DATA; a &= ~(b - 1); break;
            }
            depth--;
            stack[depth - 1].var = -1;
            stack[depth - 1].value = a;
            continue;
        }
        if (depth == sizeof(stack) / sizeof(stack[0])) return UNWIND_BAD_DATA;
        if ((var = frame_var(tok, len)) >= 0)
        {
            stack[depth].var = var;
            stack[depth++].value = 0;
        }
        else
        {
            /* A number: decimal, or hexadecimal after 0x; negative. */
            uint64_t v = 0;
            size_t k = 0;
            int neg = tok[0] == '-' && len > 1, hex;

            if (neg) k++;
            hex = len > k + 2 && tok[k] == '0' && (tok[k + 1] == 'x' || tok[k + 1] == 'X');
            if (hex) k += 2;
            if (k == len) return UNWIND_BAD_DATA;
            for (; k < len; k++)
            {
                char c = tok[k];
                unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
                             hex && c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
                             hex && c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;

                if (d >= (hex ? 16u : 10u)) return UNWIND_BAD_DATA;
                v = v * (hex ? 16 : 10) + d;
                if (v > 0xffffffffull) return UNWIND_BAD_DATA;
            }
            stack[depth].var = -1;
            stack[depth++].value = neg ? (uint32_t)-(int64_t)v : (uint32_t)v;
        }
    }
    if (!set[FV_EIP] || !set[FV_ESP]) return UNWIND_BAD_DATA;
    regs->eip = vals[FV_EIP];
    for (i = FV_ESP; i <= FV_EDX; i++)
        if (set[i] || i == FV_ESP) regs->gpr[gpr_of[i]] = vals[i];
    return UNWIND_OK;
}
