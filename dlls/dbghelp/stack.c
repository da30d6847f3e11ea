/*
 * stack.c: stack walking (StackWalk, StackWalk64, StackWalkEx) and the
 * function tables behind it (SymFunctionTableAccess*).
 *
 * A walk is a series of calls on one STACKFRAME64 and one context.  The
 * first call only completes the frame the caller described; each call
 * reports one frame and unwinds it (unwind.c), so that on return AddrReturn
 * is the caller's pc and the context holds the caller's registers.  The
 * next call reports that caller.  A return address of 0 ends the walk: the
 * call after the frame that had it returns FALSE.  Reserved[0] holds the
 * walk's state (0 for a fresh frame, as callers zero their STACKFRAME).
 *
 * x86_64 unwinds from the image's .pdata/.xdata, read through the caller's
 * routines so that it works on another process; i386 from the module's
 * .eh_frame/.debug_frame, else along the EBP chain.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"
#include "unwind.h"

/* The SDK header maps these onto the 64-bit functions on Win64, where
 * Microsoft's DLL exports them as aliases of the 64-bit ones. */
#undef StackWalk
#undef SymFunctionTableAccess

#ifdef _WIN64
BOOL WINAPI StackWalk(DWORD, HANDLE, HANDLE, LPSTACKFRAME64, PVOID, PREAD_PROCESS_MEMORY_ROUTINE64,
                      PFUNCTION_TABLE_ACCESS_ROUTINE64, PGET_MODULE_BASE_ROUTINE64,
                      PTRANSLATE_ADDRESS_ROUTINE64);
PVOID WINAPI SymFunctionTableAccess(HANDLE, DWORD64);
/* The i386 context of a WOW64 thread, as GetThreadContext's Wow64 form. */
typedef WOW64_CONTEXT stack_context32;
#else
typedef CONTEXT stack_context32;
#endif

#define WALK_START   0
#define WALK_RUNNING 1 /* the frame reported is a caller: AddrPC is a return address */
#define WALK_DONE    2
#define WALK_FIRST   3 /* the frame reported is the first: AddrPC is exact */

#define PDATA_MAX (64u << 20) /* larger exception directories are refused */

/* ---- the module's unwind tables ---------------------------------------- */

/* An x64 RUNTIME_FUNCTION (the i386 SDK headers lack the type). */
struct x64_rf
{
    DWORD BeginAddress;
    DWORD EndAddress;
    DWORD UnwindData;     /* UNWIND_INFO RVA; bit 0: RVA of another entry */
};

/* What a module's `pdata` field holds for an i386 module: its CFI sections
 * copied into the module arena (x64 modules hold struct x64_rfs). */
struct stack_cfi
{
    struct unwind_cfi_section secs[2];
    unsigned count;
    DWORD64 link_base;        /* the image's preferred base */
};

static int rf_cmp(const void *a, const void *b)
{
    DWORD x = ((const struct x64_rf *)a)->BeginAddress, y = ((const struct x64_rf *)b)->BeginAddress;

    return x < y ? -1 : x > y;
}

static void pdata_finish(struct module *mod, struct x64_rf *rf, DWORD count)
{
    DWORD i;

    for (i = 1; i < count; i++)
        if (rf[i].BeginAddress < rf[i - 1].BeginAddress)
        {
            qsort(rf, count, sizeof(*rf), rf_cmp);
            break;
        }
    mod->pdata = rf;
    mod->npdata = count;
}

/* The exception directory from the image mapped in the target, if the
 * module's image is the one mapped there. */
static BOOL pdata_from_memory(struct module *mod, const struct target_memory *rd)
{
    static const DWORD hdr_size = 0x1000;
    unsigned char *hdr = malloc(hdr_size);
    struct byte_view view;
    struct pe_image img;
    struct arena scratch;
    struct x64_rf *rf;
    BOOL ret = FALSE;

    if (!hdr) return FALSE;
    arena_init(&scratch);
    view.data = hdr;
    view.size = hdr_size;
    if (target_read(rd, mod->base, hdr, hdr_size) && pe_parse(&view, 1, &scratch, &img) == PE_OK
        && img.machine == mod->machine && (!mod->timestamp || img.timestamp == mod->timestamp))
    {
        uint32_t rva = 0, size = 0;
        DWORD count;

        pe_directory(&img, PE_DIR_EXCEPTION, &rva, &size);
        count = size / sizeof(struct x64_rf);
        if (!count || !rva) ret = TRUE; /* no table: every function is a leaf */
        else if (size <= PDATA_MAX && rva < mod->size && size <= mod->size - rva
                 && (rf = arena_alloc(&mod->arena, count * sizeof(*rf)))
                 && target_read(rd, mod->base + rva, rf, count * sizeof(*rf)))
        {
            pdata_finish(mod, rf, count);
            ret = TRUE;
        }
    }
    arena_free_all(&scratch);
    free(hdr);
    return ret;
}

static BOOL pdata_from_file(struct module *mod, const struct pe_image *img, const struct byte_view *view,
                            void *ctx)
{
    uint32_t rva, size;
    DWORD count;
    int64_t off;
    struct x64_rf *rf;

    (void)ctx;
    if (!pe_directory(img, PE_DIR_EXCEPTION, &rva, &size)) return TRUE;
    count = size / sizeof(struct x64_rf);
    if (!rva || !count) return TRUE;
    if (size > PDATA_MAX) return FALSE;
    if ((off = pe_rva_to_offset(img, view, rva, count * sizeof(*rf))) < 0) return FALSE;
    if (!(rf = arena_alloc(&mod->arena, count * sizeof(*rf)))) return FALSE;
    memcpy(rf, view->data + off, count * sizeof(*rf));
    pdata_finish(mod, rf, count);
    return TRUE;
}

static BOOL cfi_from_file(struct module *mod, const struct pe_image *img, const struct byte_view *view,
                          void *ctx)
{
    static const char *const names[2] = { ".eh_frame", ".debug_frame" };
    struct stack_cfi *cfi;
    uint32_t i, j;

    (void)ctx;
    if (!(cfi = arena_alloc(&mod->arena, sizeof(*cfi)))) return FALSE;
    cfi->link_base = img->image_base;
    for (j = 0; j < 2; j++)
        for (i = 0; i < img->nsections; i++)
        {
            const struct pe_section *s = &img->sections[i];
            struct unwind_cfi_section *sec = &cfi->secs[cfi->count];
            unsigned char *copy;

            if (strcmp(s->long_name ? s->long_name : s->name, names[j]) || !s->raw_size) continue;
            if (!(copy = arena_alloc(&mod->arena, s->raw_size))) return FALSE;
            memcpy(copy, view->data + s->raw_off, s->raw_size);
            sec->data = copy;
            sec->size = s->raw_size < s->vsize ? s->raw_size : s->vsize;
            sec->vaddr = img->image_base + s->va;
            sec->is_eh_frame = j == 0;
            cfi->count++;
            break;
        }
    mod->pdata = cfi;
    mod->npdata = 0;
    return TRUE;
}

/* Read the module's unwind tables once (x64: .pdata, from the target when
 * its image is mapped there, else from the file; i386: CFI from the file).
 * Call holding a module reference, without dbghelp_lock. */
static void tables_load(struct module *mod, const struct target_memory *rd)
{
    BOOL done;

    AcquireSRWLockShared(&mod->syms_lock);
    done = mod->pdata_read;
    ReleaseSRWLockShared(&mod->syms_lock);
    if (done) return;
    AcquireSRWLockExclusive(&mod->syms_lock);
    if (!mod->pdata_read)
    {
        if (mod->machine == IMAGE_FILE_MACHINE_AMD64)
        {
            if (!pdata_from_memory(mod, rd)) module_with_image(mod, pdata_from_file, NULL);
        }
        else if (mod->machine == IMAGE_FILE_MACHINE_I386)
            module_with_image(mod, cfi_from_file, NULL);
        mod->pdata_read = TRUE;
    }
    ReleaseSRWLockExclusive(&mod->syms_lock);
}

/* The struct x64_rf covering addr in a loaded x64 module, or NULL. */
static struct x64_rf *pdata_find(struct module *mod, DWORD64 addr)
{
    struct x64_rf *rf = mod->pdata, *hit;
    DWORD lo = 0, hi = mod->npdata, rva;

    if (mod->machine != IMAGE_FILE_MACHINE_AMD64 || !rf || addr < mod->base || addr - mod->base >= mod->size)
        return NULL;
    rva = (DWORD)(addr - mod->base);
    lo = (DWORD)SORTED_COUNT_LE(rf, hi, BeginAddress, rva);
    if (!lo || rva >= rf[lo - 1].EndAddress) return NULL;
    /* An indirect entry (UnwindData bit 0) is returned as it is: the
     * unwinder follows it through the read routine. */
    hit = &rf[lo - 1];
    return hit;
}

/* Find the module for addr (or for the base the caller's routine gives)
 * and take a reference.  Returns NULL with *err set. */
static struct module *stack_module_get(struct process *pcs, DWORD64 addr, DWORD *err)
{
    struct module *mod;

    AcquireSRWLockShared(&dbghelp_lock);
    if ((mod = module_find(pcs, addr))) InterlockedIncrement(&mod->refs);
    ReleaseSRWLockShared(&dbghelp_lock);
    if (!mod) *err = ERROR_MOD_NOT_FOUND;
    return mod;
}

/* SymGetModuleBase64, for the default routines (the SDK declares the
 * export dllimport, so its address is not taken across files). */
static DWORD64 CALLBACK default_module_base(HANDLE handle, DWORD64 addr)
{
    struct process *pcs = process_get(handle);
    struct module *mod;
    DWORD64 base = 0;

    if (!pcs) return 0;
    AcquireSRWLockShared(&dbghelp_lock);
    if ((mod = module_find(pcs, addr))) base = mod->base;
    ReleaseSRWLockShared(&dbghelp_lock);
    process_release(pcs);
    return base;
}

/* The registered function-entry callback's answer for addr (its own
 * pointer, or NULL). */
typedef PVOID (CALLBACK *funcentry_cb32)(HANDLE, DWORD, PVOID);

static PVOID funcentry_ask(struct process *pcs, HANDLE handle, DWORD64 addr)
{
    void *cb;
    ULONG64 ctx;
    BOOL is64;

    AcquireSRWLockShared(&dbghelp_lock);
    cb = pcs->funcentry_cb;
    ctx = pcs->funcentry_ctx;
    is64 = pcs->funcentry_is64;
    ReleaseSRWLockShared(&dbghelp_lock);
    if (!cb) return NULL;
    if (is64) return ((PSYMBOL_FUNCENTRY_CALLBACK64)cb)(handle, addr, ctx);
    return ((funcentry_cb32)cb)(handle, (DWORD)addr, (PVOID)(ULONG_PTR)ctx);
}

static BOOL register_funcentry(HANDLE handle, void *cb, ULONG64 ctx, BOOL is64)
{
    struct process *pcs = process_enter(handle);

    if (!pcs) return FALSE;
    AcquireSRWLockExclusive(&dbghelp_lock);
    pcs->funcentry_cb = cb;
    pcs->funcentry_ctx = ctx;
    pcs->funcentry_is64 = is64;
    ReleaseSRWLockExclusive(&dbghelp_lock);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymRegisterFunctionEntryCallback64(HANDLE handle, PSYMBOL_FUNCENTRY_CALLBACK64 cb,
                                               ULONG64 ctx)
{
    return register_funcentry(handle, (void *)cb, ctx, TRUE);
}

BOOL WINAPI SymRegisterFunctionEntryCallback(HANDLE handle, funcentry_cb32 cb, PVOID ctx);
BOOL WINAPI SymRegisterFunctionEntryCallback(HANDLE handle, funcentry_cb32 cb, PVOID ctx)
{
    return register_funcentry(handle, (void *)cb, (ULONG64)(ULONG_PTR)ctx, FALSE);
}

/* The module's entry for addr, else the registered callback's.  shared:
 * copy a module's entry into the process's one storage area and return
 * that, as the exports do. */
static PVOID function_table_access(HANDLE handle, DWORD64 addr, PREAD_PROCESS_MEMORY_ROUTINE64 read,
                                   PGET_MODULE_BASE_ROUTINE64 get_base, BOOL shared)
{
    struct target_memory rd;
    struct process *pcs = process_enter(handle);
    struct module *mod;
    DWORD64 where = addr;
    PVOID ret = NULL;
    DWORD err = ERROR_INVALID_ADDRESS;

    memset(&rd, 0, sizeof(rd));
    rd.process = handle;
    rd.read = read;
    if (!pcs) return NULL;
    if (get_base && !(where = get_base(handle, addr))) err = ERROR_MOD_NOT_FOUND;
    else if ((mod = stack_module_get(pcs, where, &err)))
    {
        tables_load(mod, &rd);
        ret = pdata_find(mod, addr);
        /* The module's pointer stays valid while the index holds the module. */
        if (ret && shared)
        {
            memcpy(pcs->table_entry, ret, sizeof(pcs->table_entry));
            ret = pcs->table_entry;
        }
        module_release(mod);
    }
    if (!ret && pcs->funcentry_cb) ret = funcentry_ask(pcs, handle, addr);
    process_release(pcs);
    if (!ret) SetLastError(err);
    return ret;
}

/* ---- SymGetUnwindInfo ------------------------------------------------------------ */

struct file_read { DWORD rva; void *buf; DWORD len; };

static BOOL read_from_file(struct module *mod, const struct pe_image *img, const struct byte_view *view,
                           void *ctx)
{
    struct file_read *r = ctx;
    int64_t off = pe_rva_to_offset(img, view, r->rva, r->len);

    (void)mod;
    if (off < 0) return FALSE;
    memcpy(r->buf, view->data + off, r->len);
    return TRUE;
}

/* Bytes of the module at an RVA: from the target, else from its file. */
static BOOL module_read(struct module *mod, const struct target_memory *rd, DWORD rva, void *buf,
                        DWORD len)
{
    struct file_read r = { rva, buf, len };

    return target_read(rd, mod->base + rva, buf, len) || module_with_image(mod, read_from_file, &r);
}

/* ---- the CFA of a frame, for frame-relative locals ------------------------------- */

/* Reads for the symbolic unwind below: the module's bytes (its unwind data
 * and code) as they are, every other address (the symbolic stack) zeros. */
struct cfa_probe
{
    struct module *mod;
    const struct target_memory *rd;
};

static int cfa_probe_read(void *user, uint64_t addr, void *buf, uint32_t len)
{
    const struct cfa_probe *p = user;

    if (addr >= p->mod->base && addr - p->mod->base + len <= p->mod->size)
        return module_read(p->mod, p->rd, (DWORD)(addr - p->mod->base), buf, len) ? 0 : -1;
    memset(buf, 0, len);
    return 0;
}

static int cfa_probe_lookup(void *user, uint64_t pc, uint64_t *base, struct unwind_x64_function *fn)
{
    const struct cfa_probe *p = user;
    const struct x64_rf *rf = pdata_find(p->mod, pc);

    if (!rf) return 0;
    *base = p->mod->base;
    fn->begin = rf->BeginAddress;
    fn->end = rf->EndAddress;
    fn->unwind = rf->UnwindData;
    return 1;
}

/* The register each symbolic base stands for, and how far apart they are. */
#define CFA_SPACING_X64 ((uint64_t)1 << 40)
#define CFA_SPACING_X86 ((uint32_t)1 << 28)

BOOL stack_cfa_rule(struct process *pcs, struct module *mod, DWORD64 pc, WORD *cv_reg, LONG *offset)
{
    static const WORD x64_cv[16] = { 328, 330, 331, 329, 335, 334, 332, 333,
                                     336, 337, 338, 339, 340, 341, 342, 343 };
    static const WORD x86_cv[8] = { 17, 18, 19, 20, 21, 22, 23, 24 };
    struct target_memory rd = { 0 };
    struct cfa_probe probe;
    unsigned i;

    rd.process = pcs->handle;
    rd.pcs = pcs;
    probe.mod = mod;
    probe.rd = &rd;
    tables_load(mod, &rd);
    /* Unwind with every register holding a distinct symbolic value: the
     * caller's stack pointer is the CFA, and the base it lands near says
     * which register the CFA is an offset from at this pc. */
    if (mod->machine == IMAGE_FILE_MACHINE_AMD64)
    {
        struct unwind_x64_env env = { &probe, cfa_probe_read, cfa_probe_lookup };
        struct unwind_x64_regs r;
        uint64_t cfa;

        memset(&r, 0, sizeof(r));
        for (i = 0; i < 16; i++) r.gpr[i] = CFA_SPACING_X64 * (i + 1);
        r.rip = pc;
        if (unwind_x64_step(&env, &r) != UNWIND_OK) return FALSE;
        cfa = r.gpr[X64_RSP];
        for (i = 0; i < 16; i++)
        {
            int64_t d = (int64_t)(cfa - CFA_SPACING_X64 * (i + 1));

            if (d > -0x10000000 && d < 0x10000000)
            {
                *cv_reg = x64_cv[i];
                *offset = (LONG)d;
                return TRUE;
            }
        }
        return FALSE;
    }
    if (mod->machine == IMAGE_FILE_MACHINE_I386)
    {
        const struct stack_cfi *cfi = mod->pdata;
        struct unwind_x86_regs r;
        uint32_t cfa;

        if (!cfi || !cfi->count || pc < mod->base) return FALSE;
        memset(&r, 0, sizeof(r));
        for (i = 0; i < 8; i++) r.gpr[i] = CFA_SPACING_X86 * (i + 1) / 2;
        r.eip = (uint32_t)pc;
        if (unwind_x86_cfi_step(cfi->secs, cfi->count, pc - mod->base + cfi->link_base, cfa_probe_read,
                                &probe, &r) != UNWIND_OK)
            return FALSE;
        cfa = r.gpr[X86_ESP];
        for (i = 0; i < 8; i++)
        {
            int32_t d = (int32_t)(cfa - CFA_SPACING_X86 * (i + 1) / 2);

            if (d > -0x1000000 && d < 0x1000000)
            {
                *cv_reg = x86_cv[i];
                *offset = d;
                return TRUE;
            }
        }
    }
    return FALSE;
}

/* The UNWIND_INFO of the x64 function holding addr, as the image stores
 * it: the header, the unwind codes (an even count), and the exception
 * handler's RVA or the chained entry when the flags say there is one (the
 * handler's own data is not part of it).  *size gets its length; a NULL or
 * short buffer fails with ERROR_INSUFFICIENT_BUFFER. */
BOOL WINAPI SymGetUnwindInfo(HANDLE handle, DWORD64 addr, PVOID buf, PULONG size);
BOOL WINAPI SymGetUnwindInfo(HANDLE handle, DWORD64 addr, PVOID buf, PULONG size)
{
    struct target_memory rd;
    struct process *pcs = process_enter(handle);
    struct module *mod;
    struct x64_rf *rf, entry;
    BYTE hdr[4];
    DWORD err = ERROR_SUCCESS, uw, len = 0, depth;

    if (!pcs) return FALSE;
    if (!size)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(&rd, 0, sizeof(rd));
    rd.process = handle;
    rd.pcs = pcs;
    if (!(mod = stack_module_get(pcs, addr, &err)))
    {
        process_release(pcs);
        SetLastError(err);
        return FALSE;
    }
    if (mod->machine != IMAGE_FILE_MACHINE_AMD64) err = ERROR_NOT_SUPPORTED; /* i386 has no UNWIND_INFO */
    else
    {
        tables_load(mod, &rd);
        if (!(rf = pdata_find(mod, addr))) err = ERROR_INVALID_ADDRESS;
        else
        {
            uw = rf->UnwindData;
            /* An indirect entry names another entry. */
            for (depth = 0; (uw & 1) && depth < 8; depth++)
            {
                if (!module_read(mod, &rd, uw & ~1u, &entry, sizeof(entry))) break;
                uw = entry.UnwindData;
            }
            if ((uw & 1) || !module_read(mod, &rd, uw, hdr, sizeof(hdr))) err = ERROR_READ_FAULT;
            else
            {
                len = 4 + 2 * ((hdr[2] + 1u) & ~1u);
                if (hdr[0] >> 3 & 3) len += 4;          /* UNW_FLAG_EHANDLER / UHANDLER */
                else if (hdr[0] >> 3 & 4) len += 12;    /* UNW_FLAG_CHAININFO */
                if (!buf || *size < len) err = ERROR_INSUFFICIENT_BUFFER;
                else if (!module_read(mod, &rd, uw, buf, len)) err = ERROR_READ_FAULT;
            }
        }
    }
    module_release(mod);
    process_release(pcs);
    if (len) *size = len;
    if (err)
    {
        SetLastError(err);
        return FALSE;
    }
    return TRUE;
}

/* Microsoft's dbghelp returns every entry in one storage area that the next
 * call overwrites (Wine's dbghelp tests, which pass on Windows, check that
 * the entries of two functions of the main module and of kernel32 come at
 * the same address): a copy, valid until the next call for the process. */
PVOID WINAPI SymFunctionTableAccess64(HANDLE process, DWORD64 addr)
{
    return function_table_access(process, addr, NULL, NULL, TRUE);
}

/* What the walker uses for the default routine (and for the exports when
 * they are passed as the routine): the module's own entry, so that walks on
 * several threads do not share the storage area. */
static PVOID CALLBACK default_table(HANDLE process, DWORD64 addr)
{
    return function_table_access(process, addr, NULL, NULL, FALSE);
}

PVOID WINAPI SymFunctionTableAccess64AccessRoutines(HANDLE process, DWORD64 addr,
                                                    PREAD_PROCESS_MEMORY_ROUTINE64 read,
                                                    PGET_MODULE_BASE_ROUTINE64 get_base)
{
    return function_table_access(process, addr, read, get_base ? get_base : default_module_base, TRUE);
}

#ifdef _WIN64
PVOID WINAPI SymFunctionTableAccess(HANDLE process, DWORD64 addr)
{
    return SymFunctionTableAccess64(process, addr);
}
#else
PVOID WINAPI SymFunctionTableAccess(HANDLE process, DWORD addr)
{
    return SymFunctionTableAccess64(process, addr);
}
#endif

/* ---- walking --------------------------------------------------------- */

/* The caller's routines for one call (defaults filled in). */
struct walker
{
    HANDLE process;
    HANDLE thread;
    struct target_memory mem; /* set up by stack_walk from the routines */
    PREAD_PROCESS_MEMORY_ROUTINE64 read;
    PFUNCTION_TABLE_ACCESS_ROUTINE64 table;
    PGET_MODULE_BASE_ROUTINE64 base;
    PTRANSLATE_ADDRESS_ROUTINE64 xlat;
#ifndef _WIN64
    /* StackWalk's 32-bit routines, used instead when set. */
    PREAD_PROCESS_MEMORY_ROUTINE read32;
    PFUNCTION_TABLE_ACCESS_ROUTINE table32;
    PGET_MODULE_BASE_ROUTINE base32;
    PTRANSLATE_ADDRESS_ROUTINE xlat32;
#endif
    /* Reads of one call, cached: the target does not change during a call,
     * and one frame's unwinding reads a few bytes at a time from two places
     * (its unwind data and its stack). */
    struct read_cache
    {
        DWORD64 addr;
        DWORD len;          /* 0: empty */
        BYTE data[512];
    } cache[2];
    unsigned next_slot;
};

/* The target's bytes; where it has none inside a module's image (a
 * minidump keeps no image pages, and a process may have decommitted
 * them), the module's file gives them: the unwind data and code the
 * unwinder reads are the file's. */
static BOOL walker_read_raw(const struct walker *w, DWORD64 addr, void *buf, DWORD len)
{
    struct process *pcs;
    struct module *mod;
    DWORD err;
    BOOL ok = FALSE;

    if (target_read(&w->mem, addr, buf, len)) return TRUE;
    if (!(pcs = process_get(w->process))) return FALSE;
    if ((mod = stack_module_get(pcs, addr, &err)))
    {
        struct file_read r = { (DWORD)(addr - mod->base), buf, len };

        if (addr - mod->base + len <= mod->size) ok = module_with_image(mod, read_from_file, &r);
        module_release(mod);
    }
    process_release(pcs);
    return ok;
}

static int walker_read(void *user, uint64_t addr, void *buf, uint32_t len)
{
    struct walker *w = user;
    struct read_cache *c;
    DWORD64 start, end;
    unsigned i;

    if (!len || len > sizeof(w->cache[0].data)) return walker_read_raw(w, addr, buf, len) ? 0 : -1;
    for (i = 0; i < ARRAY_SIZE(w->cache); i++)
    {
        c = &w->cache[i];
        if (c->len && addr >= c->addr && addr - c->addr + len <= c->len)
        {
            memcpy(buf, c->data + (addr - c->addr), len);
            return 0;
        }
    }
    /* Fill a slot with the block around addr, within its page (the next
     * page may not be readable). */
    start = addr & ~(DWORD64)63;
    end = start + sizeof(c->data);
    if (end > ((addr | 0xfff) + 1)) end = (addr | 0xfff) + 1;
    c = &w->cache[w->next_slot++ % ARRAY_SIZE(w->cache)];
    c->len = 0;
    if (addr + len <= end && walker_read_raw(w, start, c->data, (DWORD)(end - start)))
    {
        c->addr = start;
        c->len = (DWORD)(end - start);
        memcpy(buf, c->data + (addr - start), len);
        return 0;
    }
    return walker_read_raw(w, addr, buf, len) ? 0 : -1;
}

static DWORD64 walker_base(const struct walker *w, DWORD64 addr)
{
#ifndef _WIN64
    if (w->base32) return w->base32(w->process, (DWORD)addr);
#endif
    return w->base(w->process, addr);
}

static PVOID walker_table(const struct walker *w, DWORD64 addr)
{
#ifndef _WIN64
    if (w->table32) return w->table32(w->process, (DWORD)addr);
#endif
    return w->table(w->process, addr);
}

static DWORD64 walker_xlat(const struct walker *w, ADDRESS64 *addr)
{
    if (addr->Mode == AddrModeFlat) return addr->Offset;
#ifndef _WIN64
    if (w->xlat32)
    {
        ADDRESS a32 = { (DWORD)addr->Offset, addr->Segment, addr->Mode };

        return w->xlat32(w->process, w->thread, &a32);
    }
#endif
    if (w->xlat) return w->xlat(w->process, w->thread, addr);
    return addr->Offset;
}

static void set_flat(ADDRESS64 *addr, DWORD64 offset)
{
    addr->Offset = offset;
    addr->Segment = 0;
    addr->Mode = AddrModeFlat;
}

static DWORD status_error(enum unwind_status st)
{
    switch (st)
    {
    case UNWIND_READ_FAILED: return ERROR_NOACCESS;
    case UNWIND_BAD_DATA: return ERROR_INVALID_DATA;
    default: return ERROR_NO_MORE_ITEMS;
    }
}

#ifdef _WIN64
static int x64_lookup(void *user, uint64_t pc, uint64_t *base, struct unwind_x64_function *fn)
{
    const struct walker *w = user;
    const struct x64_rf *rf;

    if (!(*base = walker_base(w, pc))) return 0;
    if (!(rf = walker_table(w, pc))) return 0;
    fn->begin = rf->BeginAddress;
    fn->end = rf->EndAddress;
    fn->unwind = rf->UnwindData;
    return 1;
}

static BOOL walk_amd64(struct walker *w, STACKFRAME64 *frame, CONTEXT *ctx, DWORD *err)
{
    struct unwind_x64_env env = { w, walker_read, x64_lookup };
    struct unwind_x64_regs r, caller;
    enum unwind_status st;
    DWORD64 fp, params[4];
    unsigned i;

    if (!ctx)
    {
        /* Every register may matter to x64 unwinding. */
        *err = ERROR_INVALID_PARAMETER;
        return FALSE;
    }
    memcpy(r.gpr, &ctx->Rax, sizeof(r.gpr));
    memcpy(r.xmm, &ctx->Xmm0, sizeof(r.xmm));
    if (frame->Reserved[0] == WALK_START)
    {
        DWORD64 pc = walker_xlat(w, &frame->AddrPC);

        r.rip = pc ? pc : ctx->Rip;
        if (frame->AddrStack.Offset) r.gpr[X64_RSP] = frame->AddrStack.Offset;
        fp = frame->AddrFrame.Offset ? frame->AddrFrame.Offset : ctx->Rbp;
    }
    else
    {
        /* The context holds the frame reported last: unwound once more,
         * it is this frame's. */
        r.rip = frame->AddrPC.Offset;
        if ((st = unwind_x64_step(&env, &r)) != UNWIND_OK)
        {
            *err = status_error(st);
            return FALSE;
        }
        fp = r.gpr[X64_RBP];
    }
    set_flat(&frame->AddrPC, r.rip);
    set_flat(&frame->AddrStack, r.gpr[X64_RSP]);
    set_flat(&frame->AddrFrame, fp);
    memset(&frame->AddrBStore, 0, sizeof(frame->AddrBStore));
    frame->FuncTableEntry = walker_base(w, r.rip) ? walker_table(w, r.rip) : NULL;
    /* The caller, for the return address, from a copy. */
    caller = r;
    if ((st = unwind_x64_step(&env, &caller)) != UNWIND_OK)
    {
        *err = status_error(st);
        return FALSE;
    }
    set_flat(&frame->AddrReturn, caller.rip);
    /* The callee's parameter home area is where the caller's rsp points. */
    if (walker_read(w, caller.gpr[X64_RSP], params, sizeof(params))) memset(params, 0, sizeof(params));
    for (i = 0; i < 4; i++) frame->Params[i] = params[i];
    frame->Far = TRUE;
    frame->Virtual = TRUE;
    /* The context describes the frame reported, as Wine's builtin leaves
     * it and as winedbg, which keeps each frame's context, reads it. */
    memcpy(&ctx->Rax, r.gpr, sizeof(r.gpr));
    memcpy(&ctx->Xmm0, r.xmm, sizeof(r.xmm));
    ctx->Rip = r.rip;
    return TRUE;
}
#endif

/* Unwind an i386 frame with the CFI of the module holding its pc, if the
 * process is known and the module has some. */
static enum unwind_status x86_cfi(struct walker *w, DWORD64 pc, BOOL caller, struct unwind_x86_regs *r)
{
    const struct target_memory *rd = &w->mem;
    struct process *pcs;
    struct module *mod;
    enum unwind_status st = UNWIND_NOT_FOUND;
    DWORD64 base = walker_base(w, pc);
    DWORD err;

    if (!base || !(pcs = process_get(w->process))) return UNWIND_NOT_FOUND;
    if ((mod = stack_module_get(pcs, base, &err)))
    {
        const struct stack_cfi *cfi;

        tables_load(mod, rd);
        cfi = mod->machine == IMAGE_FILE_MACHINE_I386 ? mod->pdata : NULL;
        if (cfi && cfi->count && pc >= mod->base)
        {
            /* CFI addresses are link-time ones; a return address may follow
             * a call that ends its function. */
            uint64_t link = pc - mod->base + cfi->link_base - (caller ? 1 : 0);

            st = unwind_x86_cfi_step(cfi->secs, cfi->count, link, walker_read, w, r);
        }
        module_release(mod);
    }
    process_release(pcs);
    return st;
}

/* How far up the stack a frame without CFI or EBP chain looks for its
 * return address. */
#define X86_SCAN_BYTES 4096

/* A return address: in a module the walker's routine knows, after a call. */
static int x86_is_return(void *user, uint32_t addr)
{
    struct walker *w = user;
    uint8_t before[7];

    if (!walker_base(w, addr)) return 0;
    if (walker_read(w, (uint64_t)addr - sizeof(before), before, sizeof(before))) return 0;
    return unwind_x86_after_call(before);
}

/* Unwind an i386 frame with the frame data of the module holding its pc
 * (a PDB's FPO records), if it has some. */
static enum unwind_status x86_frame_data(struct walker *w, DWORD64 pc, BOOL caller, struct unwind_x86_regs *r)
{
    enum unwind_status st = UNWIND_NOT_FOUND;
    DWORD64 base = walker_base(w, pc);
    const struct frame_row *row;
    const struct symtab *tab;
    struct process *pcs;
    struct module *mod;
    DWORD err;

    if (!base || !(pcs = process_get(w->process))) return UNWIND_NOT_FOUND;
    if ((mod = stack_module_get(pcs, base, &err)))
    {
        /* A return address may follow a call that ends its function. */
        DWORD rva = (DWORD)(pc - mod->base - (caller ? 1 : 0));

        /* (The frame data comes with the module's symbols: they are
         * loaded now when deferred, as Windows' walker does for FPO.) */
        if (mod->machine == IMAGE_FILE_MACHINE_I386 && pc > mod->base) module_ensure_symbols(pcs, mod);
        if (mod->machine == IMAGE_FILE_MACHINE_I386 && pc > mod->base && (tab = module_tab_publics(mod)) &&
            tab->nframes && (row = symtab_find_frame(tab, rva)))
        {
            struct unwind_x86_frame f = { row->locals, row->params, row->saved_regs, row->program, row->use_bp };

            st = unwind_x86_frame_step(&f, walker_read, x86_is_return, w, X86_SCAN_BYTES, r);
        }
        module_release(mod);
    }
    process_release(pcs);
    return st;
}

/* One i386 unwind: the module's frame data (a PDB's) where it has some,
 * else its CFI, else the EBP chain, else a scan of the stack for a return
 * address.  caller: r's pc is a return address. */
static enum unwind_status x86_unwind(struct walker *w, struct unwind_x86_regs *r, BOOL caller, DWORD flags)
{
    enum unwind_status st = UNWIND_NOT_FOUND;

    if (!(flags & SYM_STKWALK_FORCE_FRAMEPTR)) st = x86_frame_data(w, r->eip, caller, r);
    if (st != UNWIND_OK && !(flags & SYM_STKWALK_FORCE_FRAMEPTR)) st = x86_cfi(w, r->eip, caller, r);
    if (st != UNWIND_OK) st = unwind_x86_fp_step(walker_read, w, r);
    if (st != UNWIND_OK && !(flags & SYM_STKWALK_FORCE_FRAMEPTR) &&
        unwind_x86_scan_step(walker_read, x86_is_return, w, X86_SCAN_BYTES, r) == UNWIND_OK)
        st = UNWIND_OK;
    return st;
}

static BOOL walk_i386(struct walker *w, STACKFRAME64 *frame, stack_context32 *ctx, DWORD flags, DWORD *err)
{
    struct unwind_x86_regs r, up;
    enum unwind_status st;
    BOOL caller = frame->Reserved[0] != WALK_START;
    DWORD params[4];
    unsigned i;

    if (ctx)
    {
        r.gpr[X86_EAX] = ctx->Eax; r.gpr[X86_ECX] = ctx->Ecx; r.gpr[X86_EDX] = ctx->Edx;
        r.gpr[X86_EBX] = ctx->Ebx; r.gpr[X86_ESP] = ctx->Esp; r.gpr[X86_EBP] = ctx->Ebp;
        r.gpr[X86_ESI] = ctx->Esi; r.gpr[X86_EDI] = ctx->Edi;
    }
    else
    {
        /* Without a context the frame carries the registers we need. */
        memset(&r, 0, sizeof(r));
        r.gpr[X86_ESP] = (DWORD)(caller ? frame->Reserved[1] : frame->AddrStack.Offset);
        r.gpr[X86_EBP] = (DWORD)(caller ? frame->Reserved[2] : frame->AddrFrame.Offset);
    }
    if (!caller)
    {
        DWORD64 pc = walker_xlat(w, &frame->AddrPC);

        r.eip = (DWORD)(pc ? pc : ctx ? ctx->Eip : 0);
        if (frame->AddrStack.Offset) r.gpr[X86_ESP] = (DWORD)frame->AddrStack.Offset;
        if (frame->AddrFrame.Offset) r.gpr[X86_EBP] = (DWORD)frame->AddrFrame.Offset;
    }
    else if (ctx)
    {
        /* The context holds the frame reported last: unwound once more,
         * it is this frame's (the same unwind that found its address). */
        r.eip = (DWORD)frame->AddrPC.Offset;
        if ((st = x86_unwind(w, &r, frame->Reserved[0] == WALK_RUNNING, flags)) != UNWIND_OK)
        {
            *err = status_error(st);
            return FALSE;
        }
    }
    else r.eip = (DWORD)frame->AddrReturn.Offset;
    set_flat(&frame->AddrPC, r.eip);
    set_flat(&frame->AddrStack, r.gpr[X86_ESP]);
    set_flat(&frame->AddrFrame, r.gpr[X86_EBP]);
    memset(&frame->AddrBStore, 0, sizeof(frame->AddrBStore));
    frame->FuncTableEntry = walker_base(w, r.eip) ? walker_table(w, r.eip) : NULL;
    up = r;
    if ((st = x86_unwind(w, &up, caller, flags)) != UNWIND_OK)
    {
        *err = status_error(st);
        return FALSE;
    }
    set_flat(&frame->AddrReturn, up.eip);
    /* The arguments sit above the return address of an EBP frame. */
    if (walker_read(w, frame->AddrFrame.Offset + 8, params, sizeof(params))) memset(params, 0, sizeof(params));
    for (i = 0; i < 4; i++) frame->Params[i] = params[i];
    frame->Far = FALSE;
    frame->Virtual = TRUE;
    /* The context describes the frame reported (see walk_amd64). */
    if (ctx)
    {
        ctx->Eax = r.gpr[X86_EAX]; ctx->Ecx = r.gpr[X86_ECX]; ctx->Edx = r.gpr[X86_EDX];
        ctx->Ebx = r.gpr[X86_EBX]; ctx->Esp = r.gpr[X86_ESP]; ctx->Ebp = r.gpr[X86_EBP];
        ctx->Esi = r.gpr[X86_ESI]; ctx->Edi = r.gpr[X86_EDI]; ctx->Eip = r.eip;
    }
    frame->Reserved[1] = up.gpr[X86_ESP];
    frame->Reserved[2] = up.gpr[X86_EBP];
    return TRUE;
}

/* One step of any form.  Sets the last error on failure. */
static BOOL stack_walk(DWORD machine, struct walker *w, STACKFRAME64 *frame, void *ctx, DWORD flags)
{
    struct process *pcs;
    DWORD err = ERROR_SUCCESS;
    BOOL ret;

    if (machine != IMAGE_FILE_MACHINE_AMD64 && machine != IMAGE_FILE_MACHINE_I386)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!frame)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    w->mem.process = w->process;
    w->mem.read = w->read;
#ifndef _WIN64
    w->mem.read32 = w->read32;
#endif
    /* The exports as the routine: the module's own entries instead. */
    if (w->table == SymFunctionTableAccess64) w->table = default_table;
#ifndef _WIN64
    if (w->table32 == SymFunctionTableAccess) w->table32 = NULL; /* w->table is default_table */
#endif
    if (!w->table || !w->base)
    {
        /* The default routines answer from SymInitialize's module list. */
        if (!(pcs = process_enter(w->process))) return FALSE;
        process_release(pcs);
        if (!w->table) w->table = default_table;
        if (!w->base) w->base = default_module_base;
    }
    if (frame->Reserved[0] == WALK_DONE || (frame->Reserved[0] != WALK_START && !frame->AddrReturn.Offset))
    {
        frame->Reserved[0] = WALK_DONE;
        SetLastError(ERROR_NO_MORE_ITEMS);
        return FALSE;
    }
    if (machine == IMAGE_FILE_MACHINE_I386) ret = walk_i386(w, frame, ctx, flags, &err);
#ifdef _WIN64
    else ret = walk_amd64(w, frame, ctx, &err);
#else
    else
    {
        ret = FALSE; /* a 32-bit DLL has no 64-bit CONTEXT to unwind */
        err = ERROR_NOT_SUPPORTED;
    }
#endif
    if (!ret)
    {
        frame->Reserved[0] = WALK_DONE;
        SetLastError(err);
        return FALSE;
    }
    frame->Reserved[0] = frame->Reserved[0] == WALK_START ? WALK_FIRST : WALK_RUNNING;
    return TRUE;
}

/* The pc whose inline sites a frame shows: a caller's AddrPC is a return
 * address, which may already be past the inlined call (or in the next
 * one), so the call instruction is looked at (pc - 1), as debuggers do. */
static DWORD64 inline_pc(const STACKFRAME_EX *frame)
{
    DWORD64 pc = frame->AddrPC.Offset;

    return frame->Reserved[0] == WALK_RUNNING && pc ? pc - 1 : pc;
}

BOOL WINAPI StackWalk64(DWORD machine, HANDLE process, HANDLE thread, LPSTACKFRAME64 frame, PVOID ctx,
                        PREAD_PROCESS_MEMORY_ROUTINE64 read, PFUNCTION_TABLE_ACCESS_ROUTINE64 table,
                        PGET_MODULE_BASE_ROUTINE64 base, PTRANSLATE_ADDRESS_ROUTINE64 xlat)
{
    struct walker w;

    memset(&w, 0, sizeof(w));
    w.process = process;
    w.thread = thread;
    w.read = read;
    w.table = table;
    w.base = base;
    w.xlat = xlat;
    return stack_walk(machine, &w, frame, ctx, 0);
}

/* Inline frames use Wine's encoding of InlineFrameContext (IFC_MODE_*): at
 * a pc inside N inline sites the walk reports N frames INLINE|0..N-1 (the
 * innermost first) for the same pc before the REGULAR one, then unwinds. */
BOOL WINAPI StackWalkEx(DWORD machine, HANDLE process, HANDLE thread, LPSTACKFRAME_EX frame, PVOID ctx,
                        PREAD_PROCESS_MEMORY_ROUTINE64 read, PFUNCTION_TABLE_ACCESS_ROUTINE64 table,
                        PGET_MODULE_BASE_ROUTINE64 base, PTRANSLATE_ADDRESS_ROUTINE64 xlat, DWORD flags)
{
    struct walker w;

    if (machine != IMAGE_FILE_MACHINE_AMD64 && machine != IMAGE_FILE_MACHINE_I386)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!frame || frame->StackFrameSize != sizeof(*frame) || (flags & ~SYM_STKWALK_FORCE_FRAMEPTR))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (IFC_MODE(frame->InlineFrameContext) == IFC_MODE_INLINE)
    {
        DWORD depth = SymAddrIncludeInlineTrace(process, inline_pc(frame));

        if (IFC_DEPTH(frame->InlineFrameContext) + 1 < depth) frame->InlineFrameContext++;
        else frame->InlineFrameContext = IFC_MODE_REGULAR;
        SetLastError(ERROR_SUCCESS);
        return TRUE;
    }
    memset(&w, 0, sizeof(w));
    w.process = process;
    w.thread = thread;
    w.read = read;
    w.table = table;
    w.base = base;
    w.xlat = xlat;
    /* STACKFRAME64 is the start of STACKFRAME_EX. */
    if (!stack_walk(machine, &w, (STACKFRAME64 *)frame, ctx, flags)) return FALSE;
    if (frame->InlineFrameContext != INLINE_FRAME_CONTEXT_IGNORE)
        frame->InlineFrameContext = SymAddrIncludeInlineTrace(process, inline_pc(frame))
                                    ? IFC_MODE_INLINE : IFC_MODE_REGULAR;
    return TRUE;
}

#ifdef _WIN64
BOOL WINAPI StackWalk(DWORD machine, HANDLE process, HANDLE thread, LPSTACKFRAME64 frame, PVOID ctx,
                      PREAD_PROCESS_MEMORY_ROUTINE64 read, PFUNCTION_TABLE_ACCESS_ROUTINE64 table,
                      PGET_MODULE_BASE_ROUTINE64 base, PTRANSLATE_ADDRESS_ROUTINE64 xlat)
{
    return StackWalk64(machine, process, thread, frame, ctx, read, table, base, xlat);
}
#else
static void addr_to64(const ADDRESS *a, ADDRESS64 *b)
{
    b->Offset = a->Offset;
    b->Segment = a->Segment;
    b->Mode = a->Mode;
}

static void addr_to32(const ADDRESS64 *a, ADDRESS *b)
{
    b->Offset = (DWORD)a->Offset;
    b->Segment = a->Segment;
    b->Mode = a->Mode;
}

/* The 32-bit form: the frame and routines converted both ways. */
BOOL WINAPI StackWalk(DWORD machine, HANDLE process, HANDLE thread, LPSTACKFRAME frame32, PVOID ctx,
                      PREAD_PROCESS_MEMORY_ROUTINE read, PFUNCTION_TABLE_ACCESS_ROUTINE table,
                      PGET_MODULE_BASE_ROUTINE base, PTRANSLATE_ADDRESS_ROUTINE xlat)
{
    STACKFRAME64 frame;
    struct walker w;
    unsigned i;

    memset(&w, 0, sizeof(w));
    if (!frame32) return stack_walk(machine, &w, NULL, ctx, 0);
    memset(&frame, 0, sizeof(frame));
    addr_to64(&frame32->AddrPC, &frame.AddrPC);
    addr_to64(&frame32->AddrReturn, &frame.AddrReturn);
    addr_to64(&frame32->AddrFrame, &frame.AddrFrame);
    addr_to64(&frame32->AddrStack, &frame.AddrStack);
    addr_to64(&frame32->AddrBStore, &frame.AddrBStore);
    frame.FuncTableEntry = frame32->FuncTableEntry;
    for (i = 0; i < 4; i++) frame.Params[i] = frame32->Params[i];
    frame.Far = frame32->Far;
    frame.Virtual = frame32->Virtual;
    for (i = 0; i < 3; i++) frame.Reserved[i] = frame32->Reserved[i];
    w.process = process;
    w.thread = thread;
    w.read32 = read;
    w.table32 = table;
    w.base32 = base;
    w.xlat32 = xlat;
    /* Non-NULL placeholders: the 32-bit routines take precedence. */
    w.table = table ? default_table : NULL;
    w.base = base ? default_module_base : NULL;
    if (!stack_walk(machine, &w, &frame, ctx, 0))
    {
        frame32->Reserved[0] = (DWORD)frame.Reserved[0];
        return FALSE;
    }
    addr_to32(&frame.AddrPC, &frame32->AddrPC);
    addr_to32(&frame.AddrReturn, &frame32->AddrReturn);
    addr_to32(&frame.AddrFrame, &frame32->AddrFrame);
    addr_to32(&frame.AddrStack, &frame32->AddrStack);
    addr_to32(&frame.AddrBStore, &frame32->AddrBStore);
    frame32->FuncTableEntry = frame.FuncTableEntry;
    for (i = 0; i < 4; i++) frame32->Params[i] = (DWORD)frame.Params[i];
    frame32->Far = frame.Far;
    frame32->Virtual = frame.Virtual;
    for (i = 0; i < 3; i++) frame32->Reserved[i] = (DWORD)frame.Reserved[i];
    return TRUE;
}
#endif
