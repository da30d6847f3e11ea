/*
 * line.c: source lines (SymGetLineFromAddr*, SymGetLineNext* / Prev*,
 * SymGetLineFromName*, SymGetLineFromInlineContext*, SymEnumLines*,
 * SymEnumSourceFiles*).
 *
 * The line of an address is the one of the function that physically holds
 * it: when the address is in code inlined into that function, it is the
 * line of the inlined call (the depth-1 inline site), as addr2line and
 * llvm-symbolizer report for the outermost frame; the inlined callees'
 * lines are reached through the inline-context forms.  FileName pointers
 * point into the module's tables and stay valid until its unload.
 */
#include <stdlib.h>
#include <string.h>
/* mingw's header declares SymEnumLinesW with an ANSI file name; the
 * export follows Microsoft's declaration (both names wide). */
#define SymEnumLinesW mingw_SymEnumLinesW
#include "dbghelp_private.h"
#undef SymEnumLinesW
BOOL WINAPI SymEnumLinesW(HANDLE, ULONG64, PCWSTR, PCWSTR, PSYM_ENUMLINES_CALLBACKW, PVOID);

/* Internal: a line was asked for (none found means no rows at all). */
#define ESLFLAG_LINE_ASKED 0x80000000

struct line_hit
{
    struct module *mod;  /* referenced */
    const struct symtab *tab; /* the table row and file refer to */
    uint32_t row;        /* index into tab.lines */
    uint32_t file;       /* index into tab.files */
    uint32_t line;
    DWORD64 addr;        /* start of the row */
};

/* The line at addr for an inline context (IFC_MODE_INLINE | depth, or any
 * other mode for the physical function). */
static BOOL line_at(struct module *mod, DWORD64 addr, DWORD ctx, struct line_hit *hit)
{
    const struct symtab *tab;
    const struct line_row *row;
    uint32_t chain[64];
    DWORD n;

    /* One table for the row and the sites (it may switch to the full one
     * between two calls). */
    n = symbol_inline_chain(mod, addr, chain, &tab);
    row = symtab_find_line(tab, (uint32_t)(addr - mod->base));
    if (!row || LINE_FILE(row) >= tab->nfiles) return FALSE;
    hit->mod = mod;
    hit->tab = tab;
    hit->row = (uint32_t)(row - tab->lines);
    hit->addr = mod->base + row->rva;
    hit->file = LINE_FILE(row);
    hit->line = row->line;
    if (IFC_MODE(ctx) == IFC_MODE_INLINE && IFC_DEPTH(ctx) < n)
    {
        DWORD depth = IFC_DEPTH(ctx);

        /* Depth 0 is the innermost callee: its line is the row's; an outer
         * one's is where it called the next inner site. */
        if (depth)
        {
            const struct inline_site *inner = &tab->sites[chain[n - depth]];

            hit->file = inner->call_file;
            hit->line = inner->call_line;
        }
    }
    else if (n)
    {
        hit->file = tab->sites[chain[0]].call_file;
        hit->line = tab->sites[chain[0]].call_line;
    }
    if (hit->file >= tab->nfiles)
    {
        hit->file = LINE_FILE(row);
        hit->line = row->line;
    }
    return TRUE;
}

/* Find the line at addr; sets the last error on failure.  On success
 * hit->mod holds a reference. */
static BOOL lookup_line(HANDLE handle, DWORD64 addr, DWORD ctx, const void *out, struct line_hit *hit)
{
    struct process *pcs;
    struct module *mod;
    DWORD err = ERROR_SUCCESS;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!out) err = ERROR_INVALID_PARAMETER;
    else if (!(mod = symbol_module_at(pcs, addr))) err = ERROR_MOD_NOT_FOUND;
    else if (!line_at(mod, addr, ctx, hit))
    {
        module_release(mod);
        err = ERROR_INVALID_ADDRESS;
    }
    process_release(pcs);
    if (err)
    {
        SetLastError(err);
        return FALSE;
    }
    return TRUE;
}

/* The caller's line structure: IMAGEHLP_LINE64, IMAGEHLP_LINEW64 (same
 * layout, wide FileName) or the 32-bit IMAGEHLP_LINE. */
enum line_kind
{
    LINE_A64,
    LINE_W64,
    LINE_A32,
};

static void fill_line(const struct line_hit *hit, void *out, enum line_kind kind)
{
    PVOID key = (PVOID)(ULONG_PTR)(hit->row + 1);

    if (kind == LINE_A32)
    {
        DBG_IMAGEHLP_LINE32 *line = out;

        line->Key = key;
        line->LineNumber = hit->line;
        line->FileName = (PCHAR)hit->tab->files[hit->file];
        line->Address = (DWORD)hit->addr;
    }
    else if (kind == LINE_W64)
    {
        IMAGEHLP_LINEW64 *line = out;

        line->Key = key;
        line->LineNumber = hit->line;
        line->FileName = hit->tab->wfiles ? (PWSTR)hit->tab->wfiles[hit->file] : (PWSTR)L"";
        line->Address = hit->addr;
    }
    else
    {
        IMAGEHLP_LINE64 *line = out;

        line->Key = key;
        line->LineNumber = hit->line;
        line->FileName = (PCHAR)hit->tab->files[hit->file];
        line->Address = hit->addr;
    }
}

/* The common path of SymGetLineFromAddr* and SymGetLineFromInlineContext*. */
static BOOL line_from_addr(HANDLE handle, DWORD64 addr, DWORD ctx, PDWORD displacement, void *line,
                           enum line_kind kind)
{
    struct line_hit hit;

    if (!lookup_line(handle, addr, ctx, line, &hit)) return FALSE;
    fill_line(&hit, line, kind);
    if (displacement) *displacement = (DWORD)(addr - hit.addr);
    module_release(hit.mod);
    return TRUE;
}

BOOL WINAPI SymGetLineFromAddr64(HANDLE handle, DWORD64 addr, PDWORD displacement, PIMAGEHLP_LINE64 line)
{
    return line_from_addr(handle, addr, IFC_MODE_REGULAR, displacement, line, LINE_A64);
}

BOOL WINAPI SymGetLineFromAddrW64(HANDLE handle, DWORD64 addr, PDWORD displacement, PIMAGEHLP_LINEW64 line)
{
    return line_from_addr(handle, addr, IFC_MODE_REGULAR, displacement, line, LINE_W64);
}

BOOL WINAPI SymGetLineFromAddr(HANDLE handle, DWORD addr, PDWORD displacement, DBG_IMAGEHLP_LINE32 *line)
{
    return line_from_addr(handle, addr, IFC_MODE_REGULAR, displacement, line, LINE_A32);
}

/* The module base is not needed: the address names the module. */
BOOL WINAPI SymGetLineFromInlineContext(HANDLE handle, DWORD64 addr, ULONG ctx, DWORD64 mod_base,
                                        PDWORD displacement, PIMAGEHLP_LINE64 line)
{
    return line_from_addr(handle, addr, ctx, displacement, line, LINE_A64);
}

BOOL WINAPI SymGetLineFromInlineContextW(HANDLE handle, DWORD64 addr, ULONG ctx, DWORD64 mod_base,
                                         PDWORD displacement, PIMAGEHLP_LINEW64 line)
{
    return line_from_addr(handle, addr, ctx, displacement, line, LINE_W64);
}

/* ---- next and previous ---------------------------------------------------------- */

/* The row after (dir 1) or before (dir -1) the one at addr, in the same
 * sequence.  Sets the last error on failure. */
static BOOL step_line(HANDLE handle, DWORD64 addr, const void *key, int dir, struct line_hit *hit)
{
    struct process *pcs;
    struct module *mod = NULL;
    const struct symtab *tab;
    const struct line_row *row;
    DWORD err = ERROR_SUCCESS;
    uint32_t idx;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!(mod = symbol_module_at(pcs, addr))) err = ERROR_MOD_NOT_FOUND;
    else
    {
        tab = module_tab_at(mod, (DWORD)(addr - mod->base));
        idx = (uint32_t)(ULONG_PTR)key;
        /* The key is a hint; the address decides. */
        if (!idx || idx > tab->nlines || tab->lines[idx - 1].rva != (uint32_t)(addr - mod->base))
        {
            row = symtab_find_line(tab, (uint32_t)(addr - mod->base));
            idx = row ? (uint32_t)(row - tab->lines) + 1 : 0;
        }
        if (!idx) err = ERROR_INVALID_ADDRESS;
        else
        {
            idx--;
            if ((dir > 0 && (idx + 1 >= tab->nlines || tab->lines[idx + 1].file & LINE_END_SEQ)) ||
                (dir < 0 && (!idx || tab->lines[idx - 1].file & LINE_END_SEQ)))
                err = ERROR_NO_MORE_ITEMS;
            else
            {
                row = &tab->lines[idx + dir];
                hit->mod = mod;
                hit->tab = tab;
                hit->row = (uint32_t)(row - tab->lines);
                hit->file = LINE_FILE(row);
                hit->line = row->line;
                hit->addr = mod->base + row->rva;
                if (hit->file >= tab->nfiles) err = ERROR_NO_MORE_ITEMS;
            }
        }
        if (err) module_release(mod);
    }
    process_release(pcs);
    if (err)
    {
        SetLastError(err);
        return FALSE;
    }
    return TRUE;
}

/* The common path of SymGetLineNext* and SymGetLinePrev*. */
static BOOL line_step(HANDLE handle, void *line, enum line_kind kind, int dir)
{
    struct line_hit hit;
    DWORD64 addr;
    PVOID key;

    if (!line)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (kind == LINE_A32)
    {
        addr = ((DBG_IMAGEHLP_LINE32 *)line)->Address;
        key = ((DBG_IMAGEHLP_LINE32 *)line)->Key;
    }
    else
    {
        addr = ((IMAGEHLP_LINE64 *)line)->Address;
        key = ((IMAGEHLP_LINE64 *)line)->Key;
    }
    if (!step_line(handle, addr, key, dir, &hit)) return FALSE;
    fill_line(&hit, line, kind);
    module_release(hit.mod);
    return TRUE;
}

BOOL WINAPI SymGetLineNext64(HANDLE handle, PIMAGEHLP_LINE64 line)
{
    return line_step(handle, line, LINE_A64, 1);
}

BOOL WINAPI SymGetLineNextW64(HANDLE handle, PIMAGEHLP_LINEW64 line)
{
    return line_step(handle, line, LINE_W64, 1);
}

BOOL WINAPI SymGetLineNext(HANDLE handle, DBG_IMAGEHLP_LINE32 *line)
{
    return line_step(handle, line, LINE_A32, 1);
}

BOOL WINAPI SymGetLinePrev64(HANDLE handle, PIMAGEHLP_LINE64 line)
{
    return line_step(handle, line, LINE_A64, -1);
}

BOOL WINAPI SymGetLinePrevW64(HANDLE handle, PIMAGEHLP_LINEW64 line)
{
    return line_step(handle, line, LINE_W64, -1);
}

BOOL WINAPI SymGetLinePrev(HANDLE handle, DBG_IMAGEHLP_LINE32 *line)
{
    return line_step(handle, line, LINE_A32, -1);
}

/* ---- by file name and line number ----------------------------------------------- */

/* Does a stored path name the file the caller means (the whole path, or
 * its last components), ignoring case and the kind of slash? */
static BOOL file_matches(const char *path, const char *name)
{
    size_t plen = strlen(path), nlen = strlen(name), i;

    if (nlen > plen || !nlen) return FALSE;
    for (i = 0; i < nlen; i++)
    {
        char p = path[plen - nlen + i], n = name[i];

        if (p == '/') p = '\\';
        if (n == '/') n = '\\';
        if (p >= 'A' && p <= 'Z') p += 32;
        if (n >= 'A' && n <= 'Z') n += 32;
        if (p != n) return FALSE;
    }
    return nlen == plen || path[plen - nlen - 1] == '/' || path[plen - nlen - 1] == '\\' ||
           name[0] == '/' || name[0] == '\\';
}

/* The first row of `line` in a file matching `file`; else the row of the
 * nearest line after it.  Returns FALSE when the file is unknown. */
static BOOL line_from_name(struct module *mod, const char *file, DWORD line, struct line_hit *hit,
                           LONG *delta)
{
    const struct symtab *tab = module_tab_all(mod);
    uint32_t i, best = UINT32_MAX, best_line = UINT32_MAX;
    char *match;

    if (!tab->nfiles || !(match = calloc(tab->nfiles, 1))) return FALSE;
    for (i = 0; i < tab->nfiles; i++) match[i] = (char)file_matches(tab->files[i], file);
    for (i = 0; i < tab->nlines; i++)
    {
        const struct line_row *row = &tab->lines[i];

        if (row->file & LINE_END_SEQ || LINE_FILE(row) >= tab->nfiles || !match[LINE_FILE(row)]) continue;
        if (row->line < line || row->line > best_line) continue;
        if (row->line == best_line && best != UINT32_MAX) continue;
        best = i;
        best_line = row->line;
    }
    free(match);
    if (best == UINT32_MAX) return FALSE;
    hit->mod = mod;
    hit->tab = tab;
    hit->row = best;
    hit->file = LINE_FILE(&tab->lines[best]);
    hit->line = best_line;
    hit->addr = mod->base + tab->lines[best].rva;
    *delta = (LONG)(best_line - line);
    return TRUE;
}

static BOOL lookup_line_name(HANDLE handle, PCSTR module, PCSTR file, DWORD line, PLONG delta,
                             const void *out, struct line_hit *hit)
{
    struct process *pcs;
    struct module **mods;
    size_t count, i;
    WCHAR *modW = NULL;
    LONG d = 0;
    BOOL found = FALSE;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!file || !out)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (module && *module && !(modW = dbg_strdup_AtoW(module)))
    {
        process_release(pcs);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    mods = module_snapshot(pcs, &count);
    for (i = 0; i < count && !found; i++)
    {
        struct module *mod = mods[i];

        if (mod->unloaded) continue;
        if (modW && !module_matches_name(mod, modW, wcslen(modW))) continue;
        module_ensure_symbols(pcs, mod);
        if (line_from_name(mod, file, line, hit, &d))
        {
            InterlockedIncrement(&mod->refs);
            found = TRUE;
        }
    }
    module_snapshot_free(mods, count);
    free(modW);
    process_release(pcs);
    if (!found)
    {
        SetLastError(ERROR_NOT_FOUND);
        return FALSE;
    }
    if (delta) *delta = d;
    return TRUE;
}

BOOL WINAPI SymGetLineFromName64(HANDLE handle, PCSTR module, PCSTR file, DWORD line, PLONG delta,
                                 PIMAGEHLP_LINE64 out)
{
    struct line_hit hit;

    if (!lookup_line_name(handle, module, file, line, delta, out, &hit)) return FALSE;
    fill_line(&hit, out, LINE_A64);
    module_release(hit.mod);
    return TRUE;
}

BOOL WINAPI SymGetLineFromName(HANDLE handle, PCSTR module, PCSTR file, DWORD line, PLONG delta,
                               DBG_IMAGEHLP_LINE32 *out)
{
    struct line_hit hit;

    if (!lookup_line_name(handle, module, file, line, delta, out, &hit)) return FALSE;
    fill_line(&hit, out, LINE_A32);
    module_release(hit.mod);
    return TRUE;
}

BOOL WINAPI SymGetLineFromNameW64(HANDLE handle, PCWSTR module, PCWSTR file, DWORD line, PLONG delta,
                                  PIMAGEHLP_LINEW64 out)
{
    char *moduleA = NULL, *fileA = NULL;
    struct line_hit hit;
    BOOL ret = FALSE;

    if ((module && !(moduleA = dbg_strdup_WtoA(module))) || (file && !(fileA = dbg_strdup_WtoA(file))))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else if ((ret = lookup_line_name(handle, moduleA, fileA, line, delta, out, &hit)))
    {
        fill_line(&hit, out, LINE_W64);
        module_release(hit.mod);
    }
    free(moduleA);
    free(fileA);
    return ret;
}

/* ---- enumerations ------------------------------------------------------------------ */

/* The module at base, referenced, symbols loaded; sets the last error. */
static struct module *module_at_base(HANDLE handle, DWORD64 base, struct process **ppcs)
{
    struct process *pcs;
    struct module *mod;

    if (!(pcs = process_enter(handle))) return NULL;
    AcquireSRWLockShared(&dbghelp_lock);
    if ((mod = modindex_find_base(&pcs->index, base))) InterlockedIncrement(&mod->refs);
    ReleaseSRWLockShared(&dbghelp_lock);
    if (mod) module_ensure_symbols(pcs, mod);
    else SetLastError(ERROR_MOD_NOT_FOUND);
    *ppcs = pcs;
    return mod;
}

static BOOL file_wanted(const char *path, const char *mask)
{
    const char *base = path, *p;

    if (!mask || !*mask) return TRUE;
    for (p = path; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    return symbol_match(path, mask, TRUE) || symbol_match(base, mask, TRUE);
}

/* SymEnumSourceLines' choice of line: the one asked for when some row has
 * it, else (by flags) the nearest one, the one before or the one after;
 * 0 when there is none. */
static uint32_t pick_line(const struct symtab *tab, const char *wanted, uint32_t line, DWORD flags)
{
    uint32_t i, below = 0, above = 0;

    for (i = 0; i < tab->nlines; i++)
    {
        const struct line_row *row = &tab->lines[i];

        if (row->file & LINE_END_SEQ || LINE_FILE(row) >= tab->nfiles || !wanted[LINE_FILE(row)]) continue;
        if (row->line == line) return line;
        if (row->line < line && row->line > below) below = row->line;
        if (row->line > line && (!above || row->line < above)) above = row->line;
    }
    if (flags & ESLFLAG_PREV) return below;
    if (flags & ESLFLAG_NEXT) return above;
    if (flags & ESLFLAG_NEAREST)
    {
        if (!below) return above;
        if (!above) return below;
        return line - below <= above - line ? below : above;
    }
    return 0;
}

/* The rows of the files `file` names (a mask of paths or file names; with
 * ESLFLAG_FULLPATH a path compared whole), all of them or (line != 0)
 * those of one line. */
static BOOL enum_lines(HANDLE handle, ULONG64 base, PCSTR obj, PCSTR file, DWORD line, DWORD flags,
                       void *cb, void *user, BOOL wide)
{
    struct process *pcs = NULL;
    struct module *mod;
    const struct symtab *tab;
    union
    {
        SRCCODEINFO a;
        SRCCODEINFOW w;
    } *info;
    char *wanted = NULL;
    uint32_t i;
    BOOL ret = TRUE;

    (void)obj; /* compilation units are not kept: no object names */
    if (!cb)
    {
        SetLastError(process_is_known(handle) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!(mod = module_at_base(handle, base, &pcs)))
    {
        if (pcs) process_release(pcs);
        return FALSE;
    }
    tab = module_tab_all(mod);
    if (!(info = malloc(sizeof(*info))) || (tab->nfiles && !(wanted = calloc(tab->nfiles, 1))))
    {
        free(info);
        module_release(mod);
        process_release(pcs);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (i = 0; i < tab->nfiles; i++)
        wanted[i] = (char)(flags & ESLFLAG_FULLPATH ? file && !_stricmp(tab->files[i], file)
                                                    : file_wanted(tab->files[i], file));
    if (line) line = pick_line(tab, wanted, line, flags);
    for (i = 0; i < tab->nlines && (line || !(flags & ESLFLAG_LINE_ASKED)); i++)
    {
        const struct line_row *row = &tab->lines[i];

        if (row->file & LINE_END_SEQ || LINE_FILE(row) >= tab->nfiles || !wanted[LINE_FILE(row)]) continue;
        if (line && row->line != line) continue;
        memset(info, 0, sizeof(*info));
        if (wide)
        {
            info->w.SizeOfStruct = sizeof(info->w);
            info->w.Key = (PVOID)(ULONG_PTR)(i + 1);
            info->w.ModBase = mod->base;
            if (tab->wfiles) lstrcpynW(info->w.FileName, (const WCHAR *)tab->wfiles[LINE_FILE(row)], MAX_PATH + 1);
            info->w.LineNumber = row->line;
            info->w.Address = mod->base + row->rva;
            if (!((PSYM_ENUMLINES_CALLBACKW)cb)(&info->w, user)) break;
        }
        else
        {
            info->a.SizeOfStruct = sizeof(info->a);
            info->a.Key = (PVOID)(ULONG_PTR)(i + 1);
            info->a.ModBase = mod->base;
            lstrcpynA(info->a.FileName, tab->files[LINE_FILE(row)], MAX_PATH + 1);
            info->a.LineNumber = row->line;
            info->a.Address = mod->base + row->rva;
            if (!((PSYM_ENUMLINES_CALLBACK)cb)(&info->a, user)) break;
        }
    }
    free(wanted);
    free(info);
    module_release(mod);
    process_release(pcs);
    SetLastError(ERROR_SUCCESS);
    return ret;
}

BOOL WINAPI SymEnumLines(HANDLE handle, ULONG64 base, PCSTR obj, PCSTR file,
                         PSYM_ENUMLINES_CALLBACK cb, PVOID user)
{
    return enum_lines(handle, base, obj, file, 0, 0, (void *)cb, user, FALSE);
}

BOOL WINAPI SymEnumSourceLines(HANDLE handle, ULONG64 base, PCSTR obj, PCSTR file, DWORD line,
                               DWORD flags, PSYM_ENUMLINES_CALLBACK cb, PVOID user)
{
    return enum_lines(handle, base, obj, file, line, flags | (line ? ESLFLAG_LINE_ASKED : 0),
                      (void *)cb, user, FALSE);
}

BOOL WINAPI SymEnumSourceLinesW(HANDLE handle, ULONG64 base, PCWSTR obj, PCWSTR file, DWORD line,
                                DWORD flags, PSYM_ENUMLINES_CALLBACKW cb, PVOID user)
{
    char *objA = NULL, *fileA = NULL;
    BOOL ret = FALSE;

    if ((obj && !(objA = dbg_strdup_WtoA(obj))) || (file && !(fileA = dbg_strdup_WtoA(file))))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else ret = enum_lines(handle, base, objA, fileA, line, flags | (line ? ESLFLAG_LINE_ASKED : 0),
                          (void *)cb, user, TRUE);
    free(objA);
    free(fileA);
    return ret;
}

BOOL WINAPI SymEnumLinesW(HANDLE handle, ULONG64 base, PCWSTR obj, PCWSTR file,
                          PSYM_ENUMLINES_CALLBACKW cb, PVOID user)
{
    char *objA = NULL, *fileA = NULL;
    BOOL ret = FALSE;

    if ((obj && !(objA = dbg_strdup_WtoA(obj))) || (file && !(fileA = dbg_strdup_WtoA(file))))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else ret = enum_lines(handle, base, objA, fileA, 0, 0, (void *)cb, user, TRUE);
    free(objA);
    free(fileA);
    return ret;
}

static BOOL enum_files(HANDLE handle, ULONG64 base, PCSTR mask, void *cb, void *user, BOOL wide)
{
    struct process *pcs;
    struct module **mods;
    const struct symtab *tab;
    size_t count, i;
    uint32_t j;
    BOOL go = TRUE, found = FALSE;

    if (!(pcs = process_enter(handle))) return FALSE;
    if (!cb)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    mods = module_snapshot(pcs, &count);
    for (i = 0; i < count && go; i++)
    {
        struct module *mod = mods[i];

        if (mod->unloaded || (base && mod->base != base)) continue;
        found = TRUE;
        module_ensure_symbols(pcs, mod);
        tab = module_tab_all(mod);
        for (j = 0; j < tab->nfiles && go; j++)
        {
            if (mask && *mask && !symbol_match(tab->files[j], mask, TRUE)) continue;
            if (wide)
            {
                SOURCEFILEW sf;

                sf.ModBase = mod->base;
                sf.FileName = tab->wfiles ? (PWSTR)tab->wfiles[j] : (PWSTR)L"";
                go = ((PSYM_ENUMSOURCEFILES_CALLBACKW)cb)(&sf, user);
            }
            else
            {
                SOURCEFILE sf;

                sf.ModBase = mod->base;
                sf.FileName = (PCHAR)tab->files[j];
                go = ((PSYM_ENUMSOURCEFILES_CALLBACK)cb)(&sf, user);
            }
        }
    }
    module_snapshot_free(mods, count);
    process_release(pcs);
    if (base && !found)
    {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    SetLastError(ERROR_SUCCESS);
    return TRUE;
}

BOOL WINAPI SymEnumSourceFiles(HANDLE handle, ULONG64 base, PCSTR mask,
                               PSYM_ENUMSOURCEFILES_CALLBACK cb, PVOID user)
{
    return enum_files(handle, base, mask, (void *)cb, user, FALSE);
}

BOOL WINAPI SymEnumSourceFilesW(HANDLE handle, ULONG64 base, PCWSTR mask,
                                PSYM_ENUMSOURCEFILES_CALLBACKW cb, PVOID user)
{
    char *maskA = NULL;
    BOOL ret;

    if (mask && !(maskA = dbg_strdup_WtoA(mask)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = enum_files(handle, base, maskA, (void *)cb, user, TRUE);
    free(maskA);
    return ret;
}
