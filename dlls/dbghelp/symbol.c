/*
 * symbol.c: symbol lookups (SymFromName, SymFromAddr and their W forms)
 * over each module's symbol table, which for now is its export table.
 *
 * A lookup is the first use of a module's symbols: it loads a deferred
 * module (module_ensure_symbols), raising the CBA_DEFERRED_SYMBOL_LOAD_*
 * actions.  Names are copied into the caller's SYMBOL_INFO, so nothing
 * returned points into a module.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

#define SYMTAG_PUBLIC_SYMBOL 10 /* SymTagPublicSymbol in cvconst.h */

/* What a lookup found; the name points into the module's arena, valid
 * while the caller holds a reference on the module. */
struct sym_hit
{
    struct module *mod;
    const struct pe_export *exp;
};

static void fill_symbol_w(const struct sym_hit *hit, SYMBOL_INFOW *info)
{
    ULONG max = info->MaxNameLen;
    int len;

    info->TypeIndex = 0;
    info->Size = 0;
    info->ModBase = hit->mod->base;
    info->Flags = SYMFLAG_EXPORT;
    info->Value = hit->mod->base + hit->exp->rva;
    info->Address = info->Value;
    info->Register = 0;
    info->Scope = 0;
    info->Tag = SYMTAG_PUBLIC_SYMBOL;
    len = MultiByteToWideChar(CP_ACP, 0, hit->exp->name, -1, NULL, 0);
    info->NameLen = len > 0 ? (ULONG)len - 1 : 0;
    if (max)
    {
        WCHAR *tmp = malloc((info->NameLen + 1) * sizeof(WCHAR));
        ULONG n = info->NameLen < max - 1 ? info->NameLen : max - 1;

        if (tmp)
        {
            MultiByteToWideChar(CP_ACP, 0, hit->exp->name, -1, tmp, (int)info->NameLen + 1);
            memcpy(info->Name, tmp, n * sizeof(WCHAR));
            free(tmp);
        }
        else n = 0;
        info->Name[n] = 0;
    }
}

static void fill_symbol_a(const struct sym_hit *hit, SYMBOL_INFO *info)
{
    ULONG max = info->MaxNameLen;
    size_t len = strlen(hit->exp->name);

    info->TypeIndex = 0;
    info->Size = 0;
    info->ModBase = hit->mod->base;
    info->Flags = SYMFLAG_EXPORT;
    info->Value = hit->mod->base + hit->exp->rva;
    info->Address = info->Value;
    info->Register = 0;
    info->Scope = 0;
    info->Tag = SYMTAG_PUBLIC_SYMBOL;
    info->NameLen = (ULONG)len;
    if (max)
    {
        size_t n = len < max - 1 ? len : max - 1;

        memcpy(info->Name, hit->exp->name, n);
        info->Name[n] = 0;
    }
}

/* Find a symbol by name, optionally "module!name", across the process's
 * modules in base order.  On success the hit holds a module reference. */
static BOOL find_by_name(struct process *pcs, const char *name, struct sym_hit *hit)
{
    const char *bang = strchr(name, '!'), *sym = bang ? bang + 1 : name;
    WCHAR *modW = NULL;
    struct module **mods;
    size_t count, i, j;
    BOOL found = FALSE;
    BOOL nocase = (dbghelp_options & SYMOPT_CASE_INSENSITIVE) != 0;

    if (bang)
    {
        char *modA = malloc(bang - name + 1);

        if (!modA) return FALSE;
        memcpy(modA, name, bang - name);
        modA[bang - name] = 0;
        modW = dbg_strdup_AtoW(modA);
        free(modA);
        if (!modW) return FALSE;
    }
    mods = module_snapshot(pcs, &count);
    for (i = 0; i < count && !found; i++)
    {
        struct module *mod = mods[i];

        if (mod->unloaded) continue;
        if (modW && !module_matches_name(mod, modW, wcslen(modW))) continue;
        module_ensure_symbols(pcs, mod);
        for (j = 0; j < mod->nexports; j++)
        {
            const struct pe_export *e = &mod->exports[j];

            if (!e->name || e->forward) continue;
            if (nocase ? _stricmp(e->name, sym) : strcmp(e->name, sym)) continue;
            InterlockedIncrement(&mod->refs);
            hit->mod = mod;
            hit->exp = e;
            found = TRUE;
            break;
        }
    }
    module_snapshot_free(mods, count);
    free(modW);
    return found;
}

/* The closest named, non-forwarded export at or below addr in the module
 * holding addr.  On success the hit holds a module reference. */
static BOOL find_by_addr(struct process *pcs, DWORD64 addr, struct sym_hit *hit, DWORD *err)
{
    struct module *mod;
    DWORD lo, hi, rva;
    LONG i;

    AcquireSRWLockShared(&dbghelp_lock);
    if ((mod = module_find(pcs, addr))) InterlockedIncrement(&mod->refs);
    ReleaseSRWLockShared(&dbghelp_lock);
    if (!mod)
    {
        *err = ERROR_MOD_NOT_FOUND;
        return FALSE;
    }
    module_ensure_symbols(pcs, mod);
    rva = (DWORD)(addr - mod->base);
    lo = 0;
    hi = mod->nexports;
    while (lo < hi)
    {
        DWORD mid = lo + (hi - lo) / 2;

        if (mod->exports[mid].rva <= rva) lo = mid + 1;
        else hi = mid;
    }
    for (i = (LONG)lo - 1; i >= 0; i--)
    {
        if (mod->exports[i].name && !mod->exports[i].forward)
        {
            hit->mod = mod;
            hit->exp = &mod->exports[i];
            return TRUE;
        }
    }
    module_release(mod);
    *err = ERROR_INVALID_ADDRESS;
    return FALSE;
}

static BOOL check_symbol_info(ULONG size, void *info)
{
    if (!info || size < FIELD_OFFSET(SYMBOL_INFO, Name))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

/* The common path of SymFromName and SymFromNameW (nameA is the ANSI
 * name); on success the hit holds a module reference for the caller. */
static BOOL from_name(HANDLE handle, const char *nameA, BOOL have_name, ULONG size_of_struct,
                      void *info, struct sym_hit *hit)
{
    struct process *pcs;
    BOOL ret;

    if (!(pcs = process_get(handle)))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!have_name || !check_symbol_info(size_of_struct, info))
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!nameA)
    {
        process_release(pcs);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (!(ret = find_by_name(pcs, nameA, hit))) SetLastError(ERROR_MOD_NOT_FOUND);
    process_release(pcs);
    return ret;
}

BOOL WINAPI SymFromName(HANDLE handle, PCSTR name, PSYMBOL_INFO info)
{
    struct sym_hit hit;

    if (!from_name(handle, name, name != NULL, info ? info->SizeOfStruct : 0, info, &hit))
        return FALSE;
    fill_symbol_a(&hit, info);
    module_release(hit.mod);
    return TRUE;
}

BOOL WINAPI SymFromNameW(HANDLE handle, PCWSTR name, PSYMBOL_INFOW info)
{
    char *nameA = dbg_strdup_WtoA(name);
    struct sym_hit hit;
    BOOL ret;

    ret = from_name(handle, nameA, name != NULL, info ? info->SizeOfStruct : 0, info, &hit);
    free(nameA);
    if (!ret) return FALSE;
    fill_symbol_w(&hit, info);
    module_release(hit.mod);
    return TRUE;
}

/* The common path of SymFromAddr and SymFromAddrW; on success the hit
 * holds a module reference for the caller to release. */
static BOOL from_addr(HANDLE handle, DWORD64 addr, ULONG size_of_struct, void *info,
                      struct sym_hit *hit)
{
    struct process *pcs;
    DWORD err;
    BOOL ret;

    if (!(pcs = process_get(handle)))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!check_symbol_info(size_of_struct, info))
    {
        process_release(pcs);
        return FALSE;
    }
    if (!(ret = find_by_addr(pcs, addr, hit, &err))) SetLastError(err);
    process_release(pcs);
    return ret;
}

BOOL WINAPI SymFromAddr(HANDLE handle, DWORD64 addr, PDWORD64 displacement, PSYMBOL_INFO info)
{
    struct sym_hit hit;

    if (!from_addr(handle, addr, info ? info->SizeOfStruct : 0, info, &hit)) return FALSE;
    fill_symbol_a(&hit, info);
    if (displacement) *displacement = addr - info->Address;
    module_release(hit.mod);
    return TRUE;
}

BOOL WINAPI SymFromAddrW(HANDLE handle, DWORD64 addr, PDWORD64 displacement, PSYMBOL_INFOW info)
{
    struct sym_hit hit;

    if (!from_addr(handle, addr, info ? info->SizeOfStruct : 0, info, &hit)) return FALSE;
    fill_symbol_w(&hit, info);
    if (displacement) *displacement = addr - info->Address;
    module_release(hit.mod);
    return TRUE;
}
