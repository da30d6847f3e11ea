/*
 * symnext.c: walking a module's symbols in address order:
 * SymGetSymNext/SymGetSymPrev (32 and 64), SymNext/SymPrev (A and W),
 * SymUnDName(64); and every symbol holding an address,
 * SymEnumSymbolsForAddr(W).
 *
 * The step starts from the Address of the record the caller passes (the
 * symbol it got from SymGetSymFromAddr or SymFromAddr) and finds the
 * nearest symbol start above (next) or below (prev) it in that module,
 * among the tables the options select (functions and variables, publics
 * not shadowed by them, SymAddSymbol's), named as SymFromAddr names it.
 * It stays within the module: past its last symbol the call fails with
 * ERROR_NO_MORE_ITEMS.  (Wine 8.0's builtin fails every call with
 * ERROR_CALL_NOT_IMPLEMENTED.)
 */
#include "dbghelp_private.h"

/* Nearest start in a sorted table, strictly above (dir > 0) or below rva,
 * skipping entries with skip_flags. */
static BOOL step_table(const struct sym_entry *tab, uint32_t n, DWORD rva, int dir,
                       uint32_t skip_flags, DWORD *best)
{
    size_t i = SORTED_COUNT_LE(tab, n, rva, rva);

    if (dir > 0)
    {
        for (; i < n; i++)
            if (!(tab[i].flags & skip_flags))
            {
                *best = tab[i].rva;
                return TRUE;
            }
        return FALSE;
    }
    while (i-- > 0)
        if (tab[i].rva < rva && !(tab[i].flags & skip_flags))
        {
            *best = tab[i].rva;
            return TRUE;
        }
    return FALSE;
}

/* The start of the neighbour symbol of rva in mod, into *out. */
static BOOL step(struct module *mod, DWORD rva, int dir, struct sym_entry *out)
{
    const struct symtab *tab = module_tab_all(mod);
    BOOL pubs_only = (dbghelp_options & SYMOPT_PUBLICS_ONLY) != 0;
    BOOL any = FALSE;
    DWORD best = 0, cand, i;

    if (!pubs_only && tab && step_table(tab->syms, tab->nsyms, rva, dir, 0, &cand))
    {
        best = cand;
        any = TRUE;
    }
    if (!(dbghelp_options & SYMOPT_NO_PUBLICS) && tab &&
        step_table(tab->pubs, tab->npubs, rva, dir, pubs_only ? 0 : SYME_SHADOWED, &cand) &&
        (!any || (dir > 0 ? cand < best : cand > best)))
    {
        best = cand;
        any = TRUE;
    }
    AcquireSRWLockShared(&mod->syms_lock);
    for (i = 0; i < mod->nadded; i++)
    {
        const struct sym_entry *e = &mod->added[i];

        if (e->flags & SYME_DELETED) continue;
        if (dir > 0 ? e->rva <= rva : e->rva >= rva) continue;
        if (!any || (dir > 0 ? e->rva < best : e->rva > best))
        {
            best = e->rva;
            any = TRUE;
        }
    }
    ReleaseSRWLockShared(&mod->syms_lock);
    if (!any || !symbol_find_addr(mod, mod->base + best, out)) return FALSE;
    /* The symbol SymFromAddr names there may start below it (a sized
     * function holding a public): the step must still move. */
    if (dir > 0 ? out->rva <= rva : out->rva >= rva) out->rva = best;
    return TRUE;
}

/* Find the neighbour of addr; on success *pmod holds a reference. */
static BOOL neighbour(HANDLE handle, DWORD64 addr, int dir, struct module **pmod,
                      struct sym_entry *e)
{
    struct module *mod = symbol_module_for(handle, addr);

    if (!mod) return FALSE;
    if (!step(mod, (DWORD)(addr - mod->base), dir, e))
    {
        module_release(mod);
        SetLastError(ERROR_NO_MORE_ITEMS);
        return FALSE;
    }
    *pmod = mod;
    return TRUE;
}

static BOOL step_imagehlp(HANDLE handle, void *sym, BOOL is64, int dir)
{
    struct module *mod;
    struct sym_entry e;
    DWORD64 addr;

    if (!sym)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    addr = is64 ? ((IMAGEHLP_SYMBOL64 *)sym)->Address : ((DBG_IMAGEHLP_SYMBOL32 *)sym)->Address;
    if (!neighbour(handle, addr, dir, &mod, &e)) return FALSE;
    symbol_fill_imagehlp(mod, &e, sym, is64);
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymGetSymNext64(HANDLE handle, PIMAGEHLP_SYMBOL64 sym)
{
    return step_imagehlp(handle, sym, TRUE, 1);
}

BOOL WINAPI SymGetSymPrev64(HANDLE handle, PIMAGEHLP_SYMBOL64 sym)
{
    return step_imagehlp(handle, sym, TRUE, -1);
}

BOOL WINAPI SymGetSymNext(HANDLE handle, DBG_IMAGEHLP_SYMBOL32 *sym)
{
    return step_imagehlp(handle, sym, FALSE, 1);
}

BOOL WINAPI SymGetSymPrev(HANDLE handle, DBG_IMAGEHLP_SYMBOL32 *sym)
{
    return step_imagehlp(handle, sym, FALSE, -1);
}

/* SymNext/SymPrev: the SYMBOL_INFO forms (same layout up to Name). */
static BOOL step_info(HANDLE handle, SYMBOL_INFO *info, BOOL wide, int dir)
{
    struct module *mod;
    struct sym_entry e;

    if (!info || info->SizeOfStruct < FIELD_OFFSET(SYMBOL_INFO, Name))
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!neighbour(handle, info->Address, dir, &mod, &e)) return FALSE;
    if (wide) symbol_fill_infoW(mod, &e, (SYMBOL_INFOW *)info);
    else symbol_fill_info(mod, &e, info);
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymNext(HANDLE handle, PSYMBOL_INFO info)
{
    return step_info(handle, info, FALSE, 1);
}

BOOL WINAPI SymNextW(HANDLE handle, PSYMBOL_INFOW info)
{
    return step_info(handle, (SYMBOL_INFO *)info, TRUE, 1);
}

BOOL WINAPI SymPrev(HANDLE handle, PSYMBOL_INFO info)
{
    return step_info(handle, info, FALSE, -1);
}

BOOL WINAPI SymPrevW(HANDLE handle, PSYMBOL_INFOW info)
{
    return step_info(handle, (SYMBOL_INFO *)info, TRUE, -1);
}

/* The symbol's name undecorated in full (UNDNAME_COMPLETE). */
static BOOL undname(const char *name, PSTR out, DWORD len)
{
    if (!name || !out || !len)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return undecorate_into(name, out, len, UNDNAME_COMPLETE) != 0;
}

BOOL WINAPI SymUnDName64(PIMAGEHLP_SYMBOL64 sym, PSTR out, DWORD len)
{
    return undname(sym ? sym->Name : NULL, out, len);
}

BOOL WINAPI SymUnDName(DBG_IMAGEHLP_SYMBOL32 *sym, PSTR out, DWORD len)
{
    return undname(sym ? sym->Name : NULL, out, len);
}

/* ---- SymEnumSymbolsForAddr ------------------------------------------------------- */

/* Every symbol holding addr: a sized one whose range holds it, a sizeless
 * one starting there; functions and variables, then publics (not those
 * naming the same thing as a function), then SymAddSymbol's. */
static BOOL holds(const struct sym_entry *e, DWORD rva)
{
    return e->size ? rva >= e->rva && rva - e->rva < e->size : rva == e->rva;
}

static BOOL for_addr(HANDLE handle, DWORD64 addr, void *cb, void *user, BOOL wide)
{
    union { SYMBOL_INFO a; SYMBOL_INFOW w; char buf[sizeof(SYMBOL_INFOW) + MAX_SYM_NAME * sizeof(WCHAR)]; } *info;
    struct module *mod;
    const struct symtab *tab;
    struct sym_entry *list = NULL;
    DWORD rva, n = 0, cap = 0, i;
    BOOL go = TRUE;

    if (!cb)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!(mod = symbol_module_for(handle, addr))) return FALSE;
    rva = (DWORD)(addr - mod->base);
    tab = module_tab_all(mod);
#define COLLECT(e) do { \
        if (n == cap) { \
            struct sym_entry *grown = realloc(list, (cap = cap ? cap * 2 : 8) * sizeof(*list)); \
            if (!grown) { go = FALSE; break; } \
            list = grown; \
        } \
        list[n++] = *(e); \
    } while (0)
    if (tab && !(dbghelp_options & SYMOPT_PUBLICS_ONLY))
        for (i = 0; i < tab->nsyms && go; i++)
            if (holds(&tab->syms[i], rva)) COLLECT(&tab->syms[i]);
    if (tab && !(dbghelp_options & SYMOPT_NO_PUBLICS))
        for (i = 0; i < tab->npubs && go; i++)
            if (holds(&tab->pubs[i], rva) &&
                (!(tab->pubs[i].flags & SYME_SHADOWED) || (dbghelp_options & SYMOPT_PUBLICS_ONLY)))
                COLLECT(&tab->pubs[i]);
    AcquireSRWLockShared(&mod->syms_lock);
    for (i = 0; i < mod->nadded && go; i++)
        if (!(mod->added[i].flags & SYME_DELETED) && holds(&mod->added[i], rva)) COLLECT(&mod->added[i]);
    ReleaseSRWLockShared(&mod->syms_lock);
#undef COLLECT
    if (!go || !(info = malloc(sizeof(*info))))
    {
        free(list);
        module_release(mod);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (i = 0; i < n; i++)
    {
        memset(info, 0, sizeof(SYMBOL_INFOW));
        info->a.SizeOfStruct = sizeof(SYMBOL_INFO);
        info->a.MaxNameLen = MAX_SYM_NAME;
        if (wide)
        {
            symbol_fill_infoW(mod, &list[i], &info->w);
            if (!((PSYM_ENUMERATESYMBOLS_CALLBACKW)cb)(&info->w, list[i].size, user)) break;
        }
        else
        {
            symbol_fill_info(mod, &list[i], &info->a);
            if (!((PSYM_ENUMERATESYMBOLS_CALLBACK)cb)(&info->a, list[i].size, user)) break;
        }
    }
    free(info);
    free(list);
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymEnumSymbolsForAddr(HANDLE handle, DWORD64 addr, PSYM_ENUMERATESYMBOLS_CALLBACK cb,
                                  PVOID user)
{
    return for_addr(handle, addr, (void *)cb, user, FALSE);
}

BOOL WINAPI SymEnumSymbolsForAddrW(HANDLE handle, DWORD64 addr, PSYM_ENUMERATESYMBOLS_CALLBACKW cb,
                                   PVOID user)
{
    return for_addr(handle, addr, (void *)cb, user, TRUE);
}
