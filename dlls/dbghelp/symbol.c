/*
 * symbol.c: symbol lookups by address and by name (SymFromAddr, SymFromName,
 * SymGetSymFrom*), symbols added by the caller (SymAddSymbol,
 * SymDeleteSymbol), inline frames (SymFromInlineContext and friends) and
 * the scope (SymSetContext, SymSetScopeFromAddr).
 *
 * A lookup is the first use of a module's symbols: it loads a deferred
 * module (module_ensure_symbols), raising the CBA_DEFERRED_SYMBOL_LOAD_*
 * actions.  Names are copied into the caller's structures, so nothing
 * returned points into a module.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"
#include "undname.h"

#define SYMTAG_FUNCTION 5       /* SymTagFunction in cvconst.h */
#define SYMTAG_DATA 7           /* SymTagData */
#define SYMTAG_PUBLIC_SYMBOL 10 /* SymTagPublicSymbol */
#define SYMTAG_INLINE_SITE TAG_INLINE_SITE /* SymTagInlineSite (32 in cvconst.h) */

/* ---- finding modules and symbols --------------------------------------- */

struct module *symbol_module_at(struct process *pcs, DWORD64 addr)
{
    struct module *mod;

    AcquireSRWLockShared(&dbghelp_lock);
    if ((mod = module_find(pcs, addr))) InterlockedIncrement(&mod->refs);
    ReleaseSRWLockShared(&dbghelp_lock);
    if (mod) module_ensure_symbols(pcs, mod);
    return mod;
}

/* Tables searched under the current options. */
static unsigned option_tables(void)
{
    if (dbghelp_options & SYMOPT_PUBLICS_ONLY) return SYMTAB_PUBS;
    if (dbghelp_options & SYMOPT_NO_PUBLICS) return SYMTAB_SYMS;
    return SYMTAB_SYMS | SYMTAB_PUBS;
}

/* The added symbol containing rva (or nearest below, for sizeless ones). */
static BOOL find_added(struct module *mod, DWORD rva, struct sym_entry *out)
{
    BOOL found = FALSE;
    DWORD i;

    AcquireSRWLockShared(&mod->syms_lock);
    for (i = mod->nadded; i-- > 0;)
    {
        const struct sym_entry *e = &mod->added[i];

        if (e->flags & SYME_DELETED || e->rva > rva) continue;
        if (rva - e->rva < e->size || !e->size)
        {
            *out = *e;
            found = TRUE;
        }
        break;
    }
    ReleaseSRWLockShared(&mod->syms_lock);
    return found;
}

BOOL symbol_find_addr(struct module *mod, DWORD64 addr, struct sym_entry *out)
{
    DWORD rva = (DWORD)(addr - mod->base);
    unsigned tables = option_tables();
    const struct sym_entry *e = NULL;

    if (tables & SYMTAB_SYMS) e = symtab_find_sym(module_tab_at(mod, rva), rva);
    if (e)
    {
        *out = *e;
        return TRUE;
    }
    if (mod->nadded && find_added(mod, rva, out)) return TRUE;
    /* Outside every function (padding after one, code no debug
     * information covers): the nearest public, a shadowed one too (it
     * names the function the bytes follow, as a PDB's publics do on
     * Windows, where nothing is shadowed), not one further away. */
    if ((tables & SYMTAB_PUBS) && (e = symtab_find_public(module_tab_publics(mod), rva, 1)))
    {
        *out = *e;
        return TRUE;
    }
    return FALSE;
}

/* A symbol by name in one module (functions, then added, then publics). */
static BOOL find_name_in(struct module *mod, const char *name, struct sym_entry *out)
{
    BOOL nocase = (dbghelp_options & SYMOPT_CASE_INSENSITIVE) != 0;
    unsigned tables = option_tables();
    size_t len = strlen(name);
    const struct symtab *tab = module_tab_all(mod);
    const struct sym_entry *e;
    DWORD i;

    if ((tables & SYMTAB_SYMS) && (e = symtab_find_name(tab, name, len, nocase, SYMTAB_SYMS)))
    {
        *out = *e;
        return TRUE;
    }
    if (mod->nadded)
    {
        BOOL found = FALSE;

        AcquireSRWLockShared(&mod->syms_lock);
        for (i = 0; i < mod->nadded && !found; i++)
        {
            const struct sym_entry *a = &mod->added[i];

            if (a->flags & SYME_DELETED) continue;
            if (nocase ? _stricmp(a->name, name) : strcmp(a->name, name)) continue;
            *out = *a;
            found = TRUE;
        }
        ReleaseSRWLockShared(&mod->syms_lock);
        if (found) return TRUE;
    }
    if ((tables & SYMTAB_PUBS) && (e = symtab_find_name(tab, name, len, nocase, SYMTAB_PUBS)))
    {
        if (e->flags & SYME_FORWARDER) return FALSE;
        /* Publics alone are the global names: no file-static COFF symbol. */
        if (tables == SYMTAB_PUBS && (e->flags & SYME_LOCAL)) return FALSE;
        *out = *e;
        return TRUE;
    }
    return FALSE;
}

/* A symbol by name, "module!name" or across the modules in load order.  On
 * success *pmod holds a module reference. */
static BOOL find_by_name(struct process *pcs, const char *name, struct module **pmod,
                         struct sym_entry *out)
{
    const char *bang = strchr(name, '!'), *sym = bang ? bang + 1 : name;
    WCHAR *modW = NULL;
    struct module **mods;
    size_t count, i;
    BOOL found = FALSE;

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
        if (find_name_in(mod, sym, out))
        {
            InterlockedIncrement(&mod->refs);
            *pmod = mod;
            found = TRUE;
        }
    }
    module_snapshot_free(mods, count);
    free(modW);
    return found;
}

/* ---- filling the caller's structures --------------------------------------- */

/* The name to report: undecorated with SYMOPT_UNDNAME when it is a
 * decorated public.  Returns name or buf.  An i386 C-decorated public
 * ("_f", "_f@8", "@f@8") is shown as f, as Microsoft's dbghelp shows the
 * publics of 32-bit images (WinDbg lists kernel32!Sleep, not _Sleep@4,
 * until SYMOPT_UNDNAME is cleared with .symopt-2). */
const char *symbol_display_name(const struct sym_entry *e, char *buf, size_t size)
{
    size_t len, start;

    if (!(dbghelp_options & SYMOPT_UNDNAME) || !(e->flags & SYME_PUBLIC)) return e->name;
    if ((e->flags & SYME_CDECOR) && (len = symtab_c_core(e->name, strlen(e->name), &start)) && len < size)
    {
        memcpy(buf, e->name + start, len);
        buf[len] = 0;
        return buf;
    }
    if (e->name[0] != '?' && strncmp(e->name, "_Z", 2) && strncmp(e->name, "__Z", 3)) return e->name;
    len = undname_demangle(e->name, buf, size, UNDNAME_NAME_ONLY);
    return len && len < size ? buf : e->name;
}

static DWORD symbol_tag(const struct sym_entry *e)
{
    if (e->flags & SYME_VARIABLE) return SYMTAG_DATA;
    if (e->flags & SYME_PUBLIC) return SYMTAG_PUBLIC_SYMBOL;
    return e->flags & SYME_DATA ? SYMTAG_DATA : SYMTAG_FUNCTION;
}

static DWORD symbol_flags(const struct sym_entry *e)
{
    DWORD flags = 0;

    if (e->flags & SYME_VARIABLE)
    {
        /* As Wine's builtin reports them (and winedbg reads them): a
         * parameter is a local too; a function-local static is at its
         * address, with neither flag. */
        if (e->flags & SYME_STATIC) return 0;
        flags = e->flags & SYME_PARAM ? SYMFLAG_PARAMETER | SYMFLAG_LOCAL : SYMFLAG_LOCAL;
        if (e->flags & SYME_REGREL) flags |= SYMFLAG_REGREL;
        else if (e->flags & SYME_REGISTER) flags |= SYMFLAG_REGISTER;
        else if (e->flags & SYME_FRAMEREL) flags |= SYMFLAG_FRAMEREL;
        if (e->flags & SYME_CONST) flags |= SYMFLAG_VALUEPRESENT;
        return flags;
    }
    /* SymAddSymbol's symbols are virtual (Wine's tests, which pass on
     * Windows, check it). */
    if (e->flags & SYME_ADDED) return SYMFLAG_VIRTUAL;
    if (e->flags & SYME_EXPORT) flags |= SYMFLAG_EXPORT;
    if (e->flags & SYME_FORWARDER) flags |= SYMFLAG_FORWARDER;
    if ((e->flags & (SYME_PUBLIC | SYME_FUNC)) == (SYME_PUBLIC | SYME_FUNC) && !(e->flags & SYME_EXPORT))
        flags |= SYMFLAG_PUBLIC_CODE;
    if ((e->flags & (SYME_PUBLIC | SYME_FUNC)) == SYME_FUNC) flags |= SYMFLAG_FUNCTION;
    return flags;
}

/* Fill the fixed part of a SYMBOL_INFO(W) (same layout up to Name). */
static void fill_info_common(const struct module *mod, const struct sym_entry *e, SYMBOL_INFO *info)
{
    const struct type_node *node = e->tid ? typetab_get(&mod->types, e->tid) : NULL;

    /* TypeIndex: the symbol's type; Index: the symbol itself (both ids
     * SymGetTypeInfo answers for). */
    info->TypeIndex = node ? node->type : 0;
    info->Reserved[0] = info->Reserved[1] = 0;
    info->info = node ? e->tid : 0; /* "Index" in the SDK */
    info->Size = e->size;
    info->ModBase = mod->base;
    info->Flags = symbol_flags(e);
    /* A local's "address" is its offset from the frame or register, or
     * (a static) its address; a constant has its value. */
    info->Value = e->flags & SYME_VARIABLE && !(e->flags & SYME_STATIC) ?
                  (ULONG64)(LONG64)(int32_t)e->rva : mod->base + e->rva;
    info->Address = info->Value;
    info->Register = 0;
    if (e->flags & SYME_VARIABLE)
    {
        if (e->flags & (SYME_REGREL | SYME_REGISTER)) info->Register = e->next;
        if (e->flags & SYME_REGISTER) info->Address = info->Value = 0;
        if (e->flags & SYME_CONST)
        {
            info->Address = 0;
            info->Value = node ? (ULONG64)node->value : 0;
        }
    }
    info->Scope = 0;
    info->Tag = symbol_tag(e);
}

/* Copy a name into a caller buffer of max characters (max 0: nothing);
 * returns the full length. */
static ULONG copy_name_a(const char *name, char *dst, ULONG max)
{
    size_t len = strlen(name);

    if (max)
    {
        size_t n = len < max - 1 ? len : max - 1;

        memcpy(dst, name, n);
        dst[n] = 0;
    }
    return (ULONG)len;
}

static ULONG copy_name_w(const char *name, WCHAR *dst, ULONG max)
{
    int len = MultiByteToWideChar(CP_ACP, 0, name, -1, NULL, 0);
    ULONG full = len > 0 ? (ULONG)len - 1 : 0;

    if (max)
    {
        WCHAR *tmp = malloc((full + 1) * sizeof(WCHAR));
        ULONG n = full < max - 1 ? full : max - 1;

        if (tmp)
        {
            MultiByteToWideChar(CP_ACP, 0, name, -1, tmp, (int)full + 1);
            memcpy(dst, tmp, n * sizeof(WCHAR));
            free(tmp);
        }
        else n = 0;
        dst[n] = 0;
    }
    return full;
}

void symbol_fill_info(const struct module *mod, const struct sym_entry *e, SYMBOL_INFO *info)
{
    char buf[1024];

    fill_info_common(mod, e, info);
    info->NameLen = copy_name_a(symbol_display_name(e, buf, sizeof(buf)), info->Name, info->MaxNameLen);
}

void symbol_fill_infoW(const struct module *mod, const struct sym_entry *e, SYMBOL_INFOW *info)
{
    char buf[1024];

    fill_info_common(mod, e, (SYMBOL_INFO *)info);
    info->NameLen = copy_name_w(symbol_display_name(e, buf, sizeof(buf)), info->Name, info->MaxNameLen);
}

/* ---- SymFromAddr, SymFromName -------------------------------------------- */

struct module *symbol_module_for(HANDLE handle, DWORD64 addr)
{
    struct process *pcs = process_enter(handle);
    struct module *mod;

    if (!pcs) return NULL;
    mod = symbol_module_at(pcs, addr);
    process_release(pcs);
    if (!mod) SetLastError(ERROR_MOD_NOT_FOUND);
    return mod;
}

/* Look up addr for an exported function; sets the last error on failure.
 * On success *pmod holds a reference. */
static BOOL lookup_addr(HANDLE handle, DWORD64 addr, struct module **pmod, struct sym_entry *e)
{
    struct module *mod = symbol_module_for(handle, addr);

    if (!mod) return FALSE;
    if (!symbol_find_addr(mod, addr, e))
    {
        module_release(mod);
        SetLastError(ERROR_INVALID_ADDRESS);
        return FALSE;
    }
    *pmod = mod;
    return TRUE;
}

static BOOL lookup_name(HANDLE handle, const char *name, struct module **pmod, struct sym_entry *e)
{
    struct process *pcs;
    BOOL ret;

    if (!(pcs = process_enter(handle))) return FALSE;
    /* Native answers an unknown name with ERROR_MOD_NOT_FOUND. */
    if (!(ret = find_by_name(pcs, name, pmod, e))) SetLastError(ERROR_MOD_NOT_FOUND);
    process_release(pcs);
    return ret;
}

static BOOL check_symbol_info(HANDLE handle, const void *info, ULONG size)
{
    if (!info || size < FIELD_OFFSET(SYMBOL_INFO, Name))
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

/* The common path of SymFromAddr and SymFromAddrW (same layout up to Name). */
static BOOL from_addr(HANDLE handle, DWORD64 addr, PDWORD64 displacement, SYMBOL_INFO *info, BOOL wide)
{
    struct module *mod;
    struct sym_entry e;

    if (!check_symbol_info(handle, info, info ? info->SizeOfStruct : 0)) return FALSE;
    if (!lookup_addr(handle, addr, &mod, &e)) return FALSE;
    if (wide) symbol_fill_infoW(mod, &e, (SYMBOL_INFOW *)info);
    else symbol_fill_info(mod, &e, info);
    if (displacement) *displacement = addr - info->Address;
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymFromAddr(HANDLE handle, DWORD64 addr, PDWORD64 displacement, PSYMBOL_INFO info)
{
    return from_addr(handle, addr, displacement, info, FALSE);
}

BOOL WINAPI SymFromAddrW(HANDLE handle, DWORD64 addr, PDWORD64 displacement, PSYMBOL_INFOW info)
{
    return from_addr(handle, addr, displacement, (SYMBOL_INFO *)info, TRUE);
}

BOOL WINAPI SymFromName(HANDLE handle, PCSTR name, PSYMBOL_INFO info)
{
    struct module *mod;
    struct sym_entry e;

    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!name || !check_symbol_info(handle, info, info ? info->SizeOfStruct : 0))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lookup_name(handle, name, &mod, &e)) return FALSE;
    symbol_fill_info(mod, &e, info);
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymFromNameW(HANDLE handle, PCWSTR name, PSYMBOL_INFOW info)
{
    struct module *mod;
    struct sym_entry e;
    char *nameA;
    BOOL ret;

    if (!process_is_known(handle))
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!name || !check_symbol_info(handle, info, info ? info->SizeOfStruct : 0))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(nameA = dbg_strdup_WtoA(name)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = lookup_name(handle, nameA, &mod, &e);
    free(nameA);
    if (!ret) return FALSE;
    symbol_fill_infoW(mod, &e, info);
    module_release(mod);
    return TRUE;
}

/* ---- IMAGEHLP_SYMBOL forms ------------------------------------------------ */

DWORD64 symbol_fill_imagehlp(const struct module *mod, const struct sym_entry *e, void *out, BOOL is64)
{
    char buf[1024];
    const char *name = symbol_display_name(e, buf, sizeof(buf));
    DWORD64 addr = mod->base + e->rva;

    if (is64)
    {
        IMAGEHLP_SYMBOL64 *sym = out;

        sym->Address = addr;
        sym->Size = e->size;
        sym->Flags = symbol_flags(e);
        copy_name_a(name, sym->Name, sym->MaxNameLength);
    }
    else
    {
        DBG_IMAGEHLP_SYMBOL32 *sym = out;

        sym->Address = (DWORD)addr;
        sym->Size = e->size;
        sym->Flags = symbol_flags(e);
        copy_name_a(name, sym->Name, sym->MaxNameLength);
    }
    return addr;
}

/* The common path of SymGetSymFromAddr(64): *displacement is set by the
 * caller in its own width. */
static BOOL imagehlp_from_addr(HANDLE handle, DWORD64 addr, void *sym, BOOL is64, DWORD64 *displacement)
{
    struct module *mod;
    struct sym_entry e;

    if (!sym)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lookup_addr(handle, addr, &mod, &e)) return FALSE;
    *displacement = addr - symbol_fill_imagehlp(mod, &e, sym, is64);
    module_release(mod);
    return TRUE;
}

/* The common path of SymGetSymFromName(64). */
static BOOL imagehlp_from_name(HANDLE handle, PCSTR name, void *sym, BOOL is64)
{
    struct module *mod;
    struct sym_entry e;

    if (!sym || !name)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lookup_name(handle, name, &mod, &e)) return FALSE;
    symbol_fill_imagehlp(mod, &e, sym, is64);
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymGetSymFromAddr64(HANDLE handle, DWORD64 addr, PDWORD64 displacement,
                                PIMAGEHLP_SYMBOL64 sym)
{
    DWORD64 disp;

    if (!imagehlp_from_addr(handle, addr, sym, TRUE, &disp)) return FALSE;
    if (displacement) *displacement = disp;
    return TRUE;
}

BOOL WINAPI SymGetSymFromAddr(HANDLE handle, DWORD addr, PDWORD displacement,
                              DBG_IMAGEHLP_SYMBOL32 *sym)
{
    DWORD64 disp;

    if (!imagehlp_from_addr(handle, addr, sym, FALSE, &disp)) return FALSE;
    if (displacement) *displacement = (DWORD)disp;
    return TRUE;
}

BOOL WINAPI SymGetSymFromName64(HANDLE handle, PCSTR name, PIMAGEHLP_SYMBOL64 sym)
{
    return imagehlp_from_name(handle, name, sym, TRUE);
}

BOOL WINAPI SymGetSymFromName(HANDLE handle, PCSTR name, DBG_IMAGEHLP_SYMBOL32 *sym)
{
    return imagehlp_from_name(handle, name, sym, FALSE);
}

/* ---- SymAddSymbol, SymDeleteSymbol ---------------------------------------- */

/* The module for BaseOfDll (0: the one containing addr); referenced. */
static struct module *module_for(struct process *pcs, DWORD64 base, DWORD64 addr)
{
    struct module *mod;

    AcquireSRWLockShared(&dbghelp_lock);
    mod = base ? modindex_find_base(&pcs->index, base) : module_find(pcs, addr);
    if (mod) InterlockedIncrement(&mod->refs);
    ReleaseSRWLockShared(&dbghelp_lock);
    if (mod) module_ensure_symbols(pcs, mod);
    return mod;
}

BOOL WINAPI SymAddSymbol(HANDLE handle, ULONG64 base, PCSTR name, DWORD64 addr, DWORD size,
                         DWORD flags)
{
    struct process *pcs;
    struct module *mod;
    struct sym_entry *e;
    const struct symtab *all;
    DWORD err = ERROR_SUCCESS, i, rva;
    char *copy;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!name)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    mod = module_for(pcs, base, addr);
    process_release(pcs);
    if (!mod || addr < mod->base || addr - mod->base >= mod->size)
    {
        if (mod) module_release(mod);
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    rva = (DWORD)(addr - mod->base);
    all = module_tab_all(mod);
    AcquireSRWLockExclusive(&mod->syms_lock);
    for (i = 0; i < mod->nadded; i++)
        if (!(mod->added[i].flags & SYME_DELETED) && mod->added[i].rva == rva &&
            !strcmp(mod->added[i].name, name))
            err = ERROR_ALREADY_EXISTS;
    if (!err)
    {
        const struct sym_entry *old = symtab_find_name(all, name, strlen(name), FALSE,
                                                       SYMTAB_SYMS | SYMTAB_PUBS);
        if (old && old->rva == rva) err = ERROR_ALREADY_EXISTS;
    }
    if (!err && mod->nadded == mod->added_cap)
    {
        DWORD cap = mod->added_cap ? mod->added_cap * 2 : 16;
        struct sym_entry *grown = realloc(mod->added, cap * sizeof(*grown));

        if (!grown) err = ERROR_NOT_ENOUGH_MEMORY;
        else
        {
            mod->added = grown;
            mod->added_cap = cap;
        }
    }
    if (!err && !(copy = arena_strndup(&mod->arena, name, strlen(name)))) err = ERROR_NOT_ENOUGH_MEMORY;
    if (!err)
    {
        /* Keep the array sorted by rva. */
        for (i = mod->nadded; i > 0 && mod->added[i - 1].rva > rva; i--) mod->added[i] = mod->added[i - 1];
        e = &mod->added[i];
        e->rva = rva;
        e->size = size;
        e->name = copy;
        e->flags = SYME_ADDED | SYME_FUNC;
        e->next = 0;
        e->tid = 0;
        mod->nadded++;
        mod->num_syms++;
    }
    ReleaseSRWLockExclusive(&mod->syms_lock);
    module_release(mod);
    if (err)
    {
        SetLastError(err);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SymAddSymbolW(HANDLE handle, ULONG64 base, PCWSTR name, DWORD64 addr, DWORD size,
                          DWORD flags)
{
    char *nameA;
    BOOL ret;

    if (!name)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!(nameA = dbg_strdup_WtoA(name)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymAddSymbol(handle, base, nameA, addr, size, flags);
    free(nameA);
    return ret;
}

/* Deletes the caller's added symbols (by name, by address, or both); the
 * symbols read from the image are marked deleted too. */
BOOL WINAPI SymDeleteSymbol(HANDLE handle, ULONG64 base, PCSTR name, DWORD64 addr, DWORD flags)
{
    struct process *pcs;
    struct module *mod;
    DWORD i, deleted = 0, rva;
    struct symtab *tab;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!name && !addr)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    mod = module_for(pcs, base, addr);
    process_release(pcs);
    if (!mod)
    {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    rva = addr ? (DWORD)(addr - mod->base) : 0;
    /* Deleted entries are flagged in place (a benign race with readers). */
    tab = (struct symtab *)module_tab_all(mod);
    AcquireSRWLockExclusive(&mod->syms_lock);
    for (i = 0; i < mod->nadded; i++)
    {
        struct sym_entry *e = &mod->added[i];

        if (e->flags & SYME_DELETED) continue;
        if (name && strcmp(e->name, name)) continue;
        if (addr && e->rva != rva) continue;
        e->flags |= SYME_DELETED;
        deleted++;
    }
    for (i = 0; i < tab->nsyms + tab->npubs; i++)
    {
        struct sym_entry *e = i < tab->nsyms ? &tab->syms[i] : &tab->pubs[i - tab->nsyms];

        if (e->flags & SYME_DELETED) continue;
        if (name && strcmp(e->name, name)) continue;
        if (addr && e->rva != rva) continue;
        e->flags |= SYME_DELETED;
        deleted++;
    }
    if (deleted <= mod->num_syms) mod->num_syms -= deleted;
    ReleaseSRWLockExclusive(&mod->syms_lock);
    module_release(mod);
    if (!deleted)
    {
        SetLastError(ERROR_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SymDeleteSymbolW(HANDLE handle, ULONG64 base, PCWSTR name, DWORD64 addr, DWORD flags)
{
    char *nameA = NULL;
    BOOL ret;

    if (name && !(nameA = dbg_strdup_WtoA(name)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymDeleteSymbol(handle, base, nameA, addr, flags);
    free(nameA);
    return ret;
}

/* ---- inline frames ------------------------------------------------------------ */

#define MAX_INLINE 64

/* The inline sites at addr in mod, outermost first; returns the count. */
DWORD symbol_inline_chain(struct module *mod, DWORD64 addr, uint32_t *chain,
                          const struct symtab **ptab)
{
    const struct symtab *tab = module_tab_at(mod, (DWORD)(addr - mod->base));
    uint32_t n = symtab_inline_chain(tab, (uint32_t)(addr - mod->base), chain, MAX_INLINE);

    if (ptab) *ptab = tab;
    return n > MAX_INLINE ? MAX_INLINE : n;
}

DWORD WINAPI SymAddrIncludeInlineTrace(HANDLE handle, DWORD64 addr)
{
    uint32_t chain[MAX_INLINE];
    struct process *pcs;
    struct module *mod;
    DWORD n = 0;

    if (!(pcs = process_enter(handle))) return 0;
    if ((mod = symbol_module_at(pcs, addr)))
    {
        n = symbol_inline_chain(mod, addr, chain, NULL);
        module_release(mod);
    }
    process_release(pcs);
    return n;
}

BOOL WINAPI SymQueryInlineTrace(HANDLE handle, DWORD64 start, DWORD start_ctx, DWORD64 start_ret,
                                DWORD64 cur, LPDWORD cur_ctx, LPDWORD cur_index)
{
    struct process *pcs;
    struct module *mod;
    struct sym_entry fcur, fother;
    uint32_t chain[MAX_INLINE];
    DWORD err = ERROR_SUCCESS, depth = 0;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!cur_ctx || !cur_index) err = ERROR_INVALID_PARAMETER;
    else if (!(mod = symbol_module_at(pcs, cur))) err = ERROR_MOD_NOT_FOUND;
    else
    {
        if (!symbol_find_addr(mod, cur, &fcur) || !(fcur.flags & SYME_FUNC)) err = ERROR_INVALID_ADDRESS;
        else
        {
            /* The current address must be in the function of the start
             * address or of its return address. */
            BOOL same = FALSE;
            struct module *other;

            if ((other = symbol_module_at(pcs, start)))
            {
                same = other == mod && symbol_find_addr(other, start, &fother) && fother.rva == fcur.rva;
                module_release(other);
            }
            if (!same && (other = symbol_module_at(pcs, start_ret)))
            {
                same = other == mod && symbol_find_addr(other, start_ret, &fother) && fother.rva == fcur.rva;
                module_release(other);
            }
            if (!same) err = ERROR_INVALID_PARAMETER;
            else depth = symbol_inline_chain(mod, cur, chain, NULL);
        }
        module_release(mod);
    }
    process_release(pcs);
    if (err)
    {
        SetLastError(err);
        return FALSE;
    }
    (void)start_ctx;
    /* The deepest inline site first, as native does. */
    *cur_ctx = depth ? IFC_MODE_INLINE : IFC_MODE_REGULAR;
    *cur_index = depth;
    return TRUE;
}

/* The inline site an inline context designates at addr, or -1. */
int64_t symbol_inline_site(struct module *mod, DWORD64 addr, DWORD ctx, uint32_t *chain, DWORD *n,
                           const struct symtab **ptab)
{
    *n = symbol_inline_chain(mod, addr, chain, ptab);
    if (IFC_MODE(ctx) != IFC_MODE_INLINE || IFC_DEPTH(ctx) >= *n) return -1;
    return chain[*n - 1 - IFC_DEPTH(ctx)];
}

static BOOL from_inline(HANDLE handle, DWORD64 addr, ULONG ctx, PDWORD64 displacement, void *info,
                        BOOL wide)
{
    uint32_t chain[MAX_INLINE];
    struct process *pcs;
    struct module *mod;
    const struct symtab *tab;
    int64_t site;
    DWORD n;

    if (IFC_MODE(ctx) != IFC_MODE_INLINE)
        return wide ? SymFromAddrW(handle, addr, displacement, info)
                    : SymFromAddr(handle, addr, displacement, info);
    if (!check_symbol_info(handle, info, info ? ((SYMBOL_INFO *)info)->SizeOfStruct : 0)) return FALSE;
    if (!(pcs = process_enter(handle))) return FALSE;
    mod = symbol_module_at(pcs, addr);
    process_release(pcs);
    if (!mod)
    {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    if ((site = symbol_inline_site(mod, addr, ctx, chain, &n, &tab)) < 0)
    {
        module_release(mod);
        /* A stale depth: answer for the function itself, as Wine does. */
        return wide ? SymFromAddrW(handle, addr, displacement, info)
                    : SymFromAddr(handle, addr, displacement, info);
    }
    else
    {
        struct sym_entry e;

        memset(&e, 0, sizeof(e));
        e.rva = symtab_site_low(tab, (uint32_t)site);
        e.name = tab->sites[site].name;
        e.flags = SYME_FUNC;
        if (wide) symbol_fill_infoW(mod, &e, info);
        else symbol_fill_info(mod, &e, info);
        ((SYMBOL_INFO *)info)->Tag = SYMTAG_INLINE_SITE;
        ((SYMBOL_INFO *)info)->Flags = 0;
        if (displacement) *displacement = addr - (mod->base + e.rva);
    }
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymFromInlineContext(HANDLE handle, DWORD64 addr, ULONG ctx, PDWORD64 displacement,
                                 PSYMBOL_INFO info)
{
    return from_inline(handle, addr, ctx, displacement, info, FALSE);
}

BOOL WINAPI SymFromInlineContextW(HANDLE handle, DWORD64 addr, ULONG ctx, PDWORD64 displacement,
                                  PSYMBOL_INFOW info)
{
    return from_inline(handle, addr, ctx, displacement, info, TRUE);
}

/* ---- scope ---------------------------------------------------------------------- */

/* Sets the scope used by SymEnumSymbols with BaseOfDll 0.  Native returns
 * FALSE with ERROR_SUCCESS when the scope does not change. */
BOOL symbol_set_scope(HANDLE handle, DWORD64 addr)
{
    struct process *pcs;
    struct module *mod;
    struct sym_entry e;
    DWORD err = ERROR_SUCCESS;
    BOOL changed = FALSE;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!(mod = symbol_module_at(pcs, addr))) err = ERROR_MOD_NOT_FOUND;
    else
    {
        if (!symbol_find_addr(mod, addr, &e)) err = ERROR_INVALID_ADDRESS;
        else
        {
            AcquireSRWLockExclusive(&dbghelp_lock);
            changed = pcs->scope_addr != addr;
            pcs->scope_addr = addr;
            ReleaseSRWLockExclusive(&dbghelp_lock);
        }
        module_release(mod);
    }
    process_release(pcs);
    SetLastError(err);
    return !err && changed;
}

BOOL WINAPI SymSetContext(HANDLE handle, PIMAGEHLP_STACK_FRAME frame, PIMAGEHLP_CONTEXT context)
{
    (void)context;
    if (!frame)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return symbol_set_scope(handle, frame->InstructionOffset);
}

BOOL WINAPI SymSetScopeFromAddr(HANDLE handle, ULONG64 addr)
{
    return symbol_set_scope(handle, addr) || GetLastError() == ERROR_SUCCESS;
}

BOOL WINAPI SymSetScopeFromInlineContext(HANDLE handle, ULONG64 addr, ULONG ctx);

/* Locals are not read yet, so an inline context selects the same scope as
 * its address: the function that holds it. */
BOOL WINAPI SymSetScopeFromInlineContext(HANDLE handle, ULONG64 addr, ULONG ctx)
{
    (void)ctx;
    return SymSetScopeFromAddr(handle, addr);
}
