/*
 * symenum.c: symbol enumeration (SymEnumSymbols and its Ex, W and old
 * SymEnumerateSymbols forms, SymSearch) and wildcard matching
 * (SymMatchString).
 *
 * Enumerations work on a snapshot of referenced modules and run the
 * caller's callback with no lock held, so a callback may call back into
 * dbghelp, even unload the module being enumerated: the tables stay alive
 * until the snapshot's reference is dropped.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

#define SYMTAG_INLINE_SITE TAG_INLINE_SITE /* SymTagInlineSite (32 in cvconst.h) */
#ifndef SYMSEARCH_GLOBALSONLY
#define SYMSEARCH_GLOBALSONLY 0x04
#endif

/* ---- wildcards ------------------------------------------------------------- */

static unsigned fold_a(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32u : c;
}

/* '*' matches any run, '?' one character; iterative with one backtrack
 * point, so hostile patterns stay linear-ish. */
BOOL symbol_match(const char *str, const char *pat, BOOL nocase)
{
    const char *star = NULL, *retry = NULL;

    while (*str)
    {
        if (*pat == '*')
        {
            star = ++pat;
            retry = str;
            continue;
        }
        if (*pat && (*pat == '?' || (nocase ? fold_a((unsigned char)*pat) == fold_a((unsigned char)*str)
                                            : *pat == *str)))
        {
            pat++;
            str++;
            continue;
        }
        if (!star) return FALSE;
        pat = star;
        str = ++retry;
    }
    while (*pat == '*') pat++;
    return !*pat;
}

BOOL symbol_matchW(const WCHAR *str, const WCHAR *pat, BOOL nocase)
{
    const WCHAR *star = NULL, *retry = NULL;

    while (*str)
    {
        if (*pat == '*')
        {
            star = ++pat;
            retry = str;
            continue;
        }
        if (*pat && (*pat == '?' || (nocase ? towlower(*pat) == towlower(*str) : *pat == *str)))
        {
            pat++;
            str++;
            continue;
        }
        if (!star) return FALSE;
        pat = star;
        str = ++retry;
    }
    while (*pat == '*') pat++;
    return !*pat;
}

BOOL WINAPI SymMatchStringA(PCSTR str, PCSTR expr, BOOL sensitive)
{
    if (!str || !expr)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return symbol_match(str, expr, !sensitive);
}

BOOL WINAPI SymMatchStringW(PCWSTR str, PCWSTR expr, BOOL sensitive)
{
    if (!str || !expr)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return symbol_matchW(str, expr, !sensitive);
}

BOOL WINAPI SymMatchString(PCSTR str, PCSTR expr, BOOL sensitive)
{
    return SymMatchStringA(str, expr, sensitive);
}

/* ---- the enumeration engine -------------------------------------------------- */

/* One symbol handed to a visitor; return FALSE to stop. */
typedef BOOL (*visit_fn)(struct module *mod, const struct sym_entry *e, DWORD tag, void *ctx);

struct enum_query
{
    const char *mask;   /* symbol part of the mask ("*" when none) */
    BOOL nocase;
    DWORD tag;          /* 0: any */
    DWORD64 addr;       /* 0: any; else only symbols containing it */
    BOOL inlines;       /* also inline sites (SYMENUM_OPTIONS_INLINE) */
    BOOL globals_only;  /* no publics */
};

static BOOL want(const struct enum_query *q, const struct module *mod, const struct sym_entry *e,
                 DWORD tag)
{
    char buf[1024];

    if (e->flags & SYME_DELETED) return FALSE;
    if ((e->flags & SYME_SHADOWED) && !(dbghelp_options & SYMOPT_PUBLICS_ONLY)) return FALSE;
    if (q->tag && q->tag != tag) return FALSE;
    if (q->addr)
    {
        DWORD64 start = mod->base + e->rva;

        if (q->addr < start || (q->addr - start >= e->size && q->addr != start)) return FALSE;
    }
    return symbol_match(symbol_display_name(e, buf, sizeof(buf)), q->mask, q->nocase);
}

static DWORD entry_tag(const struct sym_entry *e)
{
    if (e->flags & SYME_PUBLIC) return 10;
    return e->flags & SYME_DATA ? 7 : 5;
}

/* Visit the symbols of one module matching the query; FALSE when the
 * visitor stopped. */
static BOOL enum_module(struct module *mod, const struct enum_query *q, visit_fn fn, void *ctx)
{
    const struct symtab *tab = module_tab_all(mod);
    unsigned tables = SYMTAB_SYMS | SYMTAB_PUBS;
    struct sym_entry *added = NULL;
    DWORD nadded = 0, i;

    if (dbghelp_options & SYMOPT_PUBLICS_ONLY) tables = SYMTAB_PUBS;
    else if (dbghelp_options & SYMOPT_NO_PUBLICS || q->globals_only) tables = SYMTAB_SYMS;
    if (tables & SYMTAB_SYMS)
        for (i = 0; i < tab->nsyms; i++)
            if (want(q, mod, &tab->syms[i], entry_tag(&tab->syms[i])) &&
                !fn(mod, &tab->syms[i], entry_tag(&tab->syms[i]), ctx))
                return FALSE;
    /* A copy: the callback may add symbols, moving the array. */
    AcquireSRWLockShared(&mod->syms_lock);
    if (mod->nadded && (added = malloc(mod->nadded * sizeof(*added))))
    {
        memcpy(added, mod->added, mod->nadded * sizeof(*added));
        nadded = mod->nadded;
    }
    ReleaseSRWLockShared(&mod->syms_lock);
    for (i = 0; i < nadded; i++)
        if (want(q, mod, &added[i], 5) && !fn(mod, &added[i], 5, ctx))
        {
            free(added);
            return FALSE;
        }
    free(added);
    if (tables & SYMTAB_PUBS)
        for (i = 0; i < tab->npubs; i++)
            if (want(q, mod, &tab->pubs[i], 10) && !fn(mod, &tab->pubs[i], 10, ctx)) return FALSE;
    if (q->inlines && !q->globals_only)
    {
        for (i = 0; i < tab->nsites; i++)
        {
            struct sym_entry e;

            memset(&e, 0, sizeof(e));
            e.rva = symtab_site_low(tab, i);
            e.name = tab->sites[i].name;
            e.flags = SYME_FUNC;
            if (q->tag && q->tag != SYMTAG_INLINE_SITE) continue;
            if (!symbol_match(e.name, q->mask, q->nocase)) continue;
            if (q->addr && !symtab_site_contains(tab, i, (uint32_t)(q->addr - mod->base))) continue;
            if (!fn(mod, &e, SYMTAG_INLINE_SITE, ctx)) return FALSE;
        }
    }
    return TRUE;
}

/* The parameters and locals of the function holding the scope address. */
static void enum_scope(struct process *pcs, const struct enum_query *q, visit_fn fn, void *ctx)
{
    DWORD64 scope;
    struct module *mod;
    const struct sym_entry *func;
    const struct symtab *tab;
    uint32_t first = 0, count, i;

    AcquireSRWLockShared(&dbghelp_lock);
    scope = pcs->scope_addr;
    ReleaseSRWLockShared(&dbghelp_lock);
    if (!scope || !(mod = symbol_module_at(pcs, scope))) return;
    tab = module_tab_at(mod, (DWORD)(scope - mod->base));
    if ((func = symtab_find_sym(tab, (uint32_t)(scope - mod->base))) &&
        (count = symtab_find_locals(tab, func->rva, &first)))
    {
        const struct type_node *fnode = typetab_get(&mod->types, func->tid);
        uint32_t rva = (uint32_t)(scope - mod->base);
        unsigned fb_kind = fnode && fnode->tag == TAG_FUNCTION ? fnode->kind : FB_NONE;
        WORD fb_reg = 0;
        LONG fb_off = 0;
        BOOL have_fb = FALSE;

        /* Frame-relative locals as offsets from a register at the scope's
         * address, which is what a debugger can read (winedbg does). */
        if (fb_kind == FB_LIST)
        {
            const struct type_loc *p = typetab_loc_at(fnode->locs, fnode->nlocs, rva);

            fb_kind = !p ? FB_NONE : p->kind == TLOC_CFA ? FB_CFA : p->kind == TLOC_REGREL ? FB_REGREL :
                      p->kind == TLOC_REGISTER ? FB_REGISTER : FB_NONE;
            if (p) fb_reg = p->reg, fb_off = p->offset;
        }
        else if (fb_kind == FB_REGREL || fb_kind == FB_REGISTER)
        {
            fb_reg = fnode->reg;
            fb_off = fb_kind == FB_REGREL ? (LONG)(int32_t)fnode->aux : 0;
        }
        if (fb_kind == FB_CFA) have_fb = stack_cfa_rule(pcs, mod, scope, &fb_reg, &fb_off);
        else have_fb = fb_kind == FB_REGREL || fb_kind == FB_REGISTER;
        for (i = 0; i < count; i++)
        {
            const struct local_sym *l = &tab->locals[first + i];
            const struct type_node *n = typetab_get(&mod->types, l->tid);
            uint32_t lflags = l->flags;
            uint16_t reg = l->reg;
            int32_t offset = l->offset;
            struct sym_entry e;
            uint64_t size;

            if (lflags & LOCALF_LIST)
            {
                /* Where it is at the scope's address; nowhere: not listed. */
                const struct type_loc *p = n ? typetab_loc_at(n->locs, n->nlocs, rva) : NULL;

                if (!p) continue;
                lflags &= ~LOCALF_LIST;
                reg = p->reg;
                offset = p->offset;
                switch (p->kind)
                {
                case TLOC_FRAMEREL: lflags |= LOCALF_FRAMEREL; break;
                case TLOC_REGREL: lflags |= LOCALF_REGREL; break;
                case TLOC_REGISTER: lflags |= LOCALF_REGISTER; break;
                case TLOC_STATIC: lflags |= LOCALF_STATIC; break;
                default: continue;
                }
            }
            /* Optimised out (no location, or one no debugger can use):
             * not listed, rather than listed with a place it is not at. */
            if (!(lflags & (LOCALF_CONST | LOCALF_STATIC | LOCALF_REGREL | LOCALF_REGISTER | LOCALF_FRAMEREL)))
                continue;
            memset(&e, 0, sizeof(e));
            e.rva = (uint32_t)offset;
            e.name = l->name;
            e.flags = SYME_VARIABLE | (lflags & LOCALF_PARAM ? SYME_PARAM : 0);
            if (lflags & LOCALF_CONST) e.flags |= SYME_CONST;
            else if (lflags & LOCALF_STATIC) e.flags |= SYME_STATIC;
            else if (lflags & LOCALF_REGREL) e.flags |= SYME_REGREL, e.next = reg;
            else if (lflags & LOCALF_REGISTER) e.flags |= SYME_REGISTER, e.next = reg;
            else if ((lflags & LOCALF_FRAMEREL) && have_fb)
            {
                e.flags |= SYME_REGREL;
                e.next = fb_reg;
                e.rva = (uint32_t)(offset + fb_off);
            }
            else if (lflags & LOCALF_FRAMEREL) e.flags |= SYME_FRAMEREL;
            e.tid = l->tid;
            size = n ? typetab_type_size(&mod->types, n->type) : 0;
            e.size = size > 0xffffffffu ? 0 : (uint32_t)size;
            if (q->tag && q->tag != 7) continue;
            if (!symbol_match(l->name, q->mask, q->nocase)) continue;
            if (!fn(mod, &e, 7, ctx)) break;
        }
    }
    module_release(mod);
}

/* Run a query over the modules the base and mask select.  Sets the last
 * error and returns FALSE when the process or module is unknown. */
static BOOL enum_symbols(HANDLE handle, ULONG64 base, const char *mask, struct enum_query *q,
                         visit_fn fn, void *ctx)
{
    const char *bang = mask ? strchr(mask, '!') : NULL;
    struct process *pcs;
    struct module **mods;
    size_t count, i;
    char *modmask = NULL;
    BOOL found = FALSE, go = TRUE;

    if (!(pcs = process_enter(handle))) return FALSE;
    q->mask = bang ? bang + 1 : mask && *mask ? mask : "*";
    if (!*q->mask) q->mask = "*";
    /* Masks match regardless of case, whatever SYMOPT_CASE_INSENSITIVE
     * says (it governs SymFromName), as Wine's dbghelp does. */
    q->nocase = TRUE;
    if (!base && !bang)
    {
        /* The local scope set by SymSetContext / SymSetScopeFromAddr. */
        enum_scope(pcs, q, fn, ctx);
        process_release(pcs);
        SetLastError(ERROR_SUCCESS);
        return TRUE;
    }
    if (bang && !base && !(modmask = malloc(bang - mask + 1)))
    {
        process_release(pcs);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (modmask)
    {
        memcpy(modmask, mask, bang - mask);
        modmask[bang - mask] = 0;
    }
    mods = module_snapshot(pcs, &count);
    for (i = 0; i < count && go; i++)
    {
        struct module *mod = mods[i];

        if (mod->unloaded) continue;
        if (base && mod->base != base) continue;
        if (modmask)
        {
            char name[64], alias[64];

            dbg_WtoA(mod->module_name, name, sizeof(name));
            dbg_WtoA(mod->alias, alias, sizeof(alias));
            if (!symbol_match(name, modmask, TRUE) && !(alias[0] && symbol_match(alias, modmask, TRUE)))
                continue;
        }
        found = TRUE;
        module_ensure_symbols(pcs, mod);
        go = enum_module(mod, q, fn, ctx);
    }
    module_snapshot_free(mods, count);
    free(modmask);
    process_release(pcs);
    if (base && !found)
    {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    SetLastError(ERROR_SUCCESS);
    return TRUE;
}

/* ---- SymEnumSymbols and friends ------------------------------------------------ */

struct info_ctx
{
    void *cb;
    void *user;
    union
    {
        SYMBOL_INFO a;
        SYMBOL_INFOW w;
        char buf[sizeof(SYMBOL_INFOW) + MAX_SYM_NAME * sizeof(WCHAR)];
    } u;
};

static BOOL visit_info_a(struct module *mod, const struct sym_entry *e, DWORD tag, void *ctx)
{
    struct info_ctx *c = ctx;

    memset(&c->u.a, 0, sizeof(c->u.a));
    c->u.a.SizeOfStruct = sizeof(SYMBOL_INFO);
    c->u.a.MaxNameLen = MAX_SYM_NAME;
    symbol_fill_info(mod, e, &c->u.a);
    c->u.a.Tag = tag;
    return ((PSYM_ENUMERATESYMBOLS_CALLBACK)c->cb)(&c->u.a, e->size, c->user);
}

static BOOL visit_info_w(struct module *mod, const struct sym_entry *e, DWORD tag, void *ctx)
{
    struct info_ctx *c = ctx;

    memset(&c->u.w, 0, sizeof(c->u.w));
    c->u.w.SizeOfStruct = sizeof(SYMBOL_INFOW);
    c->u.w.MaxNameLen = MAX_SYM_NAME;
    symbol_fill_infoW(mod, e, &c->u.w);
    c->u.w.Tag = tag;
    return ((PSYM_ENUMERATESYMBOLS_CALLBACKW)c->cb)(&c->u.w, e->size, c->user);
}

static BOOL enum_info(HANDLE handle, ULONG64 base, const char *mask, void *cb, void *user,
                      DWORD options, BOOL wide)
{
    struct enum_query q;
    struct info_ctx *c;
    BOOL ret;

    if (!cb)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    memset(&q, 0, sizeof(q));
    q.inlines = (options & SYMENUM_OPTIONS_INLINE) != 0;
    if (!(c = malloc(sizeof(*c))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    c->cb = cb;
    c->user = user;
    ret = enum_symbols(handle, base, mask, &q, wide ? visit_info_w : visit_info_a, c);
    free(c);
    return ret;
}

BOOL WINAPI SymEnumSymbolsEx(HANDLE handle, ULONG64 base, PCSTR mask,
                             PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user, DWORD options)
{
    return enum_info(handle, base, mask, (void *)cb, user, options, FALSE);
}

BOOL WINAPI SymEnumSymbols(HANDLE handle, ULONG64 base, PCSTR mask,
                           PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user)
{
    return SymEnumSymbolsEx(handle, base, mask, cb, user, SYMENUM_OPTIONS_DEFAULT);
}

/* The deprecated form: every symbol of the module. */
BOOL WINAPI SymEnumSym(HANDLE handle, ULONG64 base, PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user)
{
    return enum_info(handle, base, NULL, (void *)cb, user, SYMENUM_OPTIONS_DEFAULT, FALSE);
}

BOOL WINAPI SymEnumSymbolsExW(HANDLE handle, ULONG64 base, PCWSTR mask,
                              PSYM_ENUMERATESYMBOLS_CALLBACKW cb, PVOID user, DWORD options)
{
    char *maskA = NULL;
    BOOL ret;

    if (mask && !(maskA = dbg_strdup_WtoA(mask)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = enum_info(handle, base, maskA, (void *)cb, user, options, TRUE);
    free(maskA);
    return ret;
}

BOOL WINAPI SymEnumSymbolsW(HANDLE handle, ULONG64 base, PCWSTR mask,
                            PSYM_ENUMERATESYMBOLS_CALLBACKW cb, PVOID user)
{
    return SymEnumSymbolsExW(handle, base, mask, cb, user, SYMENUM_OPTIONS_DEFAULT);
}

/* ---- SymEnumerateSymbols (name, address, size callbacks) --------------------- */

enum old_kind { OLD_32, OLD_W32, OLD_64, OLD_W64 };

struct old_ctx
{
    enum old_kind kind;
    void *cb;
    void *user;
};

static BOOL visit_old(struct module *mod, const struct sym_entry *e, DWORD tag, void *ctx)
{
    struct old_ctx *c = ctx;
    DWORD64 addr = mod->base + e->rva;
    char buf[1024];
    const char *name = symbol_display_name(e, buf, sizeof(buf));
    WCHAR *nameW;
    BOOL ret;

    (void)tag;
    switch (c->kind)
    {
    case OLD_32:
        return ((DBG_ENUMSYMBOLS_CALLBACK32)c->cb)(name, (ULONG)addr, e->size, c->user);
    case OLD_64:
        return ((PSYM_ENUMSYMBOLS_CALLBACK64)c->cb)(name, addr, e->size, c->user);
    default:
        if (!(nameW = dbg_strdup_AtoW(name))) return TRUE;
        if (c->kind == OLD_W32)
            ret = ((DBG_ENUMSYMBOLS_CALLBACKW32)c->cb)(nameW, (ULONG)addr, e->size, c->user);
        else ret = ((PSYM_ENUMSYMBOLS_CALLBACK64W)c->cb)(nameW, addr, e->size, c->user);
        free(nameW);
        return ret;
    }
}

static BOOL enum_old(HANDLE handle, ULONG64 base, enum old_kind kind, void *cb, void *user)
{
    struct enum_query q;
    struct old_ctx c;

    if (!cb)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    memset(&q, 0, sizeof(q));
    c.kind = kind;
    c.cb = cb;
    c.user = user;
    /* Every symbol of one module; base 0 selects every module. */
    return enum_symbols(handle, base, base ? "*" : "*!*", &q, visit_old, &c);
}

BOOL WINAPI SymEnumerateSymbols(HANDLE handle, ULONG base, DBG_ENUMSYMBOLS_CALLBACK32 cb, PVOID user)
{
    return enum_old(handle, base, OLD_32, (void *)cb, user);
}

BOOL WINAPI SymEnumerateSymbolsW(HANDLE handle, ULONG base, DBG_ENUMSYMBOLS_CALLBACKW32 cb, PVOID user)
{
    return enum_old(handle, base, OLD_W32, (void *)cb, user);
}

BOOL WINAPI SymEnumerateSymbols64(HANDLE handle, ULONG64 base, PSYM_ENUMSYMBOLS_CALLBACK64 cb,
                                  PVOID user)
{
    return enum_old(handle, base, OLD_64, (void *)cb, user);
}

BOOL WINAPI SymEnumerateSymbolsW64(HANDLE handle, ULONG64 base, PSYM_ENUMSYMBOLS_CALLBACK64W cb,
                                   PVOID user)
{
    return enum_old(handle, base, OLD_W64, (void *)cb, user);
}

/* ---- SymSearch ------------------------------------------------------------------ */

static BOOL search(HANDLE handle, ULONG64 base, DWORD index, DWORD tag, const char *mask,
                   DWORD64 addr, void *cb, void *user, DWORD options, BOOL wide)
{
    struct enum_query q;
    struct info_ctx *c;
    BOOL ret;

    if (!cb)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (index)
    {
        /* Symbols have no type-index space here: nothing has an index. */
        if (!process_is_known(handle))
        {
            SetLastError(ERROR_INVALID_HANDLE);
            return FALSE;
        }
        SetLastError(ERROR_SUCCESS);
        return TRUE;
    }
    memset(&q, 0, sizeof(q));
    q.tag = tag;
    q.addr = addr;
    q.globals_only = (options & SYMSEARCH_GLOBALSONLY) != 0;
    if (!(c = malloc(sizeof(*c))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    c->cb = cb;
    c->user = user;
    ret = enum_symbols(handle, base, mask, &q, wide ? visit_info_w : visit_info_a, c);
    free(c);
    return ret;
}

BOOL WINAPI SymSearch(HANDLE handle, ULONG64 base, DWORD index, DWORD tag, PCSTR mask,
                      DWORD64 addr, PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user, DWORD options)
{
    return search(handle, base, index, tag, mask, addr, (void *)cb, user, options, FALSE);
}

BOOL WINAPI SymSearchW(HANDLE handle, ULONG64 base, DWORD index, DWORD tag, PCWSTR mask,
                       DWORD64 addr, PSYM_ENUMERATESYMBOLS_CALLBACKW cb, PVOID user, DWORD options)
{
    char *maskA = NULL;
    BOOL ret;

    if (mask && !(maskA = dbg_strdup_WtoA(mask)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = search(handle, base, index, tag, maskA, addr, (void *)cb, user, options, TRUE);
    free(maskA);
    return ret;
}
