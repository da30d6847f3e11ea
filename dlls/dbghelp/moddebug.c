/*
 * moddebug.c: the module-debug layer.  Builds a module's tables through
 * the readers of reader.h, which it walks in order: the publics (exports,
 * then COFF symbols) always, then the first debug-information reader that
 * finds something, in the image or in the separate debug file the image
 * names (search.c finds it).  Large debug information is read one unit at
 * a time: the publics first, then the table of an address's unit on its
 * first use (module_tab_at), or every unit at once (module_tab_all).  The
 * reader's session and the unit tables are the module's `debug` state.
 * Nothing here names a format; the files above (symbol.c, line.c,
 * symenum.c, stack.c) see only tables.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

static const struct debug_reader *const publics_readers[] = { &exports_reader, &coff_reader };
/* A PDB first: when the image names one that matches, it describes the
 * program, and the image's own DWARF (clang's images keep the mingw CRT's)
 * is read after it into the same tables; a PDB without procedures or lines
 * (GNU ld's) leaves the image to DWARF alone. */
static const struct debug_reader *const debug_readers[] = { &pdb_reader, &dwarf_reader };

/* The UTF-16 copies of a table's source file names, for the W line API. */
static void module_make_wfiles(struct module *mod, struct symtab *tab)
{
    const uint16_t **wfiles;
    uint32_t i;

    if (!tab->nfiles) return;
    if (!(wfiles = arena_alloc(&mod->arena, tab->nfiles * sizeof(*wfiles)))) return;
    for (i = 0; i < tab->nfiles; i++)
    {
        const char *name = tab->files[i];
        int len = MultiByteToWideChar(CP_ACP, 0, name, -1, NULL, 0);
        WCHAR *w = len > 0 ? arena_alloc(&mod->arena, len * sizeof(WCHAR)) : NULL;

        if (w) MultiByteToWideChar(CP_ACP, 0, name, -1, w, len);
        wfiles[i] = w ? (const uint16_t *)w : (const uint16_t *)L"";
    }
    tab->wfiles = wfiles;
}

void module_debug_close(struct module *mod)
{
    unsigned i;

    for (i = 0; i < mod->debug.nparts; i++)
        if (mod->debug.parts[i].session) mod->debug.parts[i].reader->close(mod->debug.parts[i].session);
    mod->debug.nparts = 0;
}

static int unit_range_cmp(const void *a, const void *b)
{
    const struct unit_range *x = a, *y = b;

    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Keep the sessions of parts[0..n) for reading units on demand: their
 * units numbered across them, their ranges in one sorted array.  FALSE
 * (every session closed) when out of memory. */
static BOOL keep_sessions(struct module *mod, const struct debug_part *parts, unsigned n)
{
    unsigned i, j, nunits = 0, nranges = 0, count;
    struct unit_range *ranges;

    for (i = 0; i < n; i++)
    {
        parts[i].reader->unit_ranges(parts[i].session, &count);
        nunits += parts[i].count;
        nranges += count;
    }
    mod->debug.unit_tabs = nunits ? arena_alloc(&mod->arena, nunits * sizeof(*mod->debug.unit_tabs)) : NULL;
    ranges = nranges ? arena_alloc(&mod->arena, nranges * sizeof(*ranges)) : NULL;
    if ((nunits && !mod->debug.unit_tabs) || (nranges && !ranges))
    {
        for (i = 0; i < n; i++) parts[i].reader->close(parts[i].session);
        return FALSE;
    }
    for (i = 0, nranges = 0; i < n; i++)
    {
        const struct unit_range *r = parts[i].reader->unit_ranges(parts[i].session, &count);

        for (j = 0; j < count; j++, nranges++)
        {
            ranges[nranges] = r[j];
            ranges[nranges].unit += parts[i].first;
        }
        mod->debug.parts[i] = parts[i];
    }
    if (n > 1 && nranges > 1) qsort(ranges, nranges, sizeof(*ranges), unit_range_cmp);
    mod->debug.nparts = n;
    mod->debug.nunits = nunits;
    mod->debug.ranges = ranges;
    mod->debug.nranges = nranges;
    return TRUE;
}

/* Read unit (in the module's numbering) into b. */
static void read_unit(struct module *mod, unsigned unit, struct symtab_builder *b)
{
    unsigned i;

    for (i = 0; i < mod->debug.nparts; i++)
        if (unit - mod->debug.parts[i].first < mod->debug.parts[i].count)
        {
            mod->debug.parts[i].reader->read_unit(mod->debug.parts[i].session, unit - mod->debug.parts[i].first, b);
            return;
        }
}

/* The SymType of what was read, as Wine's builtin reports it: SymDia for
 * DWARF, SymCoff for COFF symbols, SymExport for exports.  An image that
 * gave nothing at all is SymNone, as on Windows (Wine's tests of module
 * loading, which pass on Windows, load a DLL with no exports and no debug
 * information and expect SymNone; Wine's builtin says SymExport). */
static SYM_TYPE sym_type_of(enum reader_kind kind, BOOL any)
{
    if (!any) return SymNone;
    switch (kind)
    {
    case READER_DWARF: return SymDia;
    case READER_PDB: return SymPdb;
    case READER_COFF: return SymCoff;
    default: return SymExport;
    }
}

/* The CodeView record, kept for SymGetModuleInfo: Windows reports it
 * whether or not the PDB it names is found, and also for a module loaded
 * with SLMFLAG_NO_SYMBOLS. */
static void read_codeview(struct module *mod, const struct pe_image *img,
                          const struct byte_view *view)
{
    struct pe_codeview cv, *copy;

    mod->cv = NULL;
    if (pe_read_codeview(img, view, &cv)) return;
    if ((copy = arena_alloc(&mod->arena, sizeof(*copy))))
    {
        *copy = cv;
        mod->cv = copy;
    }
}

void module_read_symbols(struct process *pcs, struct module *mod, const struct pe_image *img,
                         const struct byte_view *view, struct symbols_report *report)
{
    struct debug_source src = { img, view, &mod->arena }, file_src;
    const struct debug_reader *reader = NULL;
    enum reader_kind found = READER_EXPORTS;
    BOOL any = FALSE;
    struct reader_stats stats;
    struct symtab_builder *b;
    struct debug_ref ref;
    struct image_map map;
    struct pe_image file_img;
    struct symtab *tab;
    void *session = NULL;
    struct debug_part parts[2];
    unsigned flags = READ_INLINES, i, nparts = 0;
    WCHAR found_path[MAX_PATH];
    BOOL mapped = FALSE;
    int read = 0, status, accepted = 0;

    memset(&stats, 0, sizeof(stats));
    memset(report, 0, sizeof(*report));
    mod->timestamp = img->timestamp;
    mod->syms = SYMS_LOADED;
    mod->sym_type = SymNone;
    mod->debug.file = NULL;
    mod->debug.unmatched = FALSE;
    read_codeview(mod, img, view);
    if (mod->flags & SLMFLAG_NO_SYMBOLS) return;
    if (!(b = symtab_builder_new(&mod->arena))) return;
    symtab_builder_set_types(b, &mod->types);
    if (dbghelp_options & SYMOPT_LOAD_LINES) flags |= READ_LINES;
    for (i = 0; i < ARRAY_SIZE(publics_readers); i++)
        if (publics_readers[i]->read(&src, b, flags, &stats) > 0)
        {
            found = publics_readers[i]->kind;
            any = TRUE;
        }

    /* Debug information: the first reader with some, in the image or in
     * the debug file it names. */
    for (i = 0; i < ARRAY_SIZE(debug_readers) && !reader; i++)
    {
        const struct debug_reader *r = debug_readers[i];

        file_src = src;
        if (r->reference && r->reference(&src, &ref) && !mod->in_memory &&
            (ref.flags = dbghelp_options & SYMOPT_LOAD_ANYTHING ? DEBUG_REF_ANYTHING : 0, 1) &&
            (accepted = find_debug_file(pcs, mod->file_path, r, &ref, img, &mod->arena, &file_img, &map,
                                        found_path)))
        {
            mapped = TRUE;
            file_src.img = &file_img;
            file_src.view = &map.view;
        }
        else if (!r->present(&src)) continue;
        if (r->open && r->is_large(&file_src))
        {
            /* Lazy: publics now, units on first use (module_tab_at). */
            session = r->open(&file_src, flags, b, &stats, &status);
            read = session ? 1 : status;
        }
        else read = r->read(&file_src, b, flags, &stats);
        if (read > 0)
        {
            reader = r;
            mod->debug.from_file = mapped;
            mod->debug.unmatched = mapped && accepted == 2;
            if (mapped && (mod->debug.file = arena_alloc(&mod->arena, (wcslen(found_path) + 1) * sizeof(WCHAR))))
                wcscpy((WCHAR *)mod->debug.file, found_path);
        }
        if (mapped) image_map_close(&map);
        mapped = FALSE;
        if (read > 0 || session) break;
    }
    if (session)
    {
        parts[0].reader = reader;
        parts[0].session = session;
        parts[0].first = 0;
        parts[0].count = reader->unit_count(session);
        nparts = 1;
    }
    /* A PDB describes what its compiler built; the image may also carry
     * DWARF for the rest (clang's mingw images keep the mingw CRT's):
     * read that too into the same tables, whole, or by units next to a
     * PDB read by units. */
    if (reader && reader->kind == READER_PDB)
        for (i = 0; i < ARRAY_SIZE(debug_readers); i++)
        {
            const struct debug_reader *dw = debug_readers[i];
            void *extra;

            if (dw->kind != READER_DWARF || !dw->present(&src)) continue;
            if (!session) dw->read(&src, b, flags, &stats);
            else if ((extra = dw->open(&src, flags, b, &stats, &status)))
            {
                parts[1].reader = dw;
                parts[1].session = extra;
                parts[1].first = parts[0].count;
                parts[1].count = dw->unit_count(extra);
                nparts = 2;
            }
        }

    if (!(tab = arena_alloc(&mod->arena, sizeof(*tab))))
    {
        symtab_builder_free(b);
        for (i = 0; i < nparts; i++) parts[i].reader->close(parts[i].session);
        return;
    }
    if (symtab_builder_finish(b, tab)) /* frees the builder either way */
    {
        for (i = 0; i < nparts; i++) parts[i].reader->close(parts[i].session);
        return;
    }
    module_make_wfiles(mod, tab);
    if (session)
    {
        tab->has_lines = (flags & READ_LINES) != 0;
        if (keep_sessions(mod, parts, nparts)) mod->full = 0;
        else session = NULL;
    }
    mod->tab = tab;
    mod->num_syms = tab->nsyms + tab->npubs - tab->nshadowed;
    mod->sym_type = sym_type_of(reader ? reader->kind : found, reader || any);
    if (reader)
    {
        report->reader = reader->name;
        report->stats = stats;
        report->units = session ? mod->debug.nunits : stats.units;
        report->from_file = mod->debug.from_file;
        report->lazy = session != NULL;
    }
}

/* ---- lazily read tables ---------------------------------------------- */

const struct symtab *module_tab_publics(struct module *mod)
{
    return mod->tab;
}

/* The unit holding rva, or -1. */
static int unit_at(const struct module *mod, DWORD rva)
{
    size_t lo = SORTED_COUNT_LE(mod->debug.ranges, mod->debug.nranges, lo, rva);

    if (!lo || rva >= mod->debug.ranges[lo - 1].hi) return -1;
    return (int)mod->debug.ranges[lo - 1].unit;
}

const struct symtab *module_tab_at(struct module *mod, DWORD rva)
{
    struct symtab *tab, *unit_tab = NULL;
    struct symtab_builder *b;
    int unit;

    if (mod->full) return mod->tab;
    if ((unit = unit_at(mod, rva)) < 0) return mod->tab;
    if ((tab = mod->debug.unit_tabs[unit])) return tab;
    AcquireSRWLockExclusive(&mod->syms_lock);
    if (!mod->full && !mod->debug.unit_tabs[unit] && mod->debug.nparts &&
        (unit_tab = arena_alloc(&mod->arena, sizeof(*unit_tab))) &&
        (b = symtab_builder_new(&mod->arena)))
    {
        symtab_builder_set_types(b, &mod->types);
        read_unit(mod, (unsigned)unit, b);
        if (!symtab_builder_finish(b, unit_tab))
        {
            module_make_wfiles(mod, unit_tab);
            MemoryBarrier();
            mod->debug.unit_tabs[unit] = unit_tab;
        }
    }
    tab = mod->full ? mod->tab : mod->debug.unit_tabs[unit];
    ReleaseSRWLockExclusive(&mod->syms_lock);
    return tab ? tab : mod->tab;
}

const struct symtab *module_tab_all(struct module *mod)
{
    struct symtab *pubs, *tab;
    struct symtab_builder *b;
    unsigned i;

    if (mod->full) return mod->tab;
    AcquireSRWLockExclusive(&mod->syms_lock);
    if (!mod->full && mod->debug.nparts && (tab = arena_alloc(&mod->arena, sizeof(*tab))) &&
        (b = symtab_builder_new(&mod->arena)))
    {
        symtab_builder_set_types(b, &mod->types);
        /* Every unit again, with what the first table holds (names
         * already in the arena): the publics, and a PDB's global
         * variables and frame data. */
        pubs = mod->tab;
        for (i = 0; i < pubs->npubs; i++)
            symtab_add_symbol_static(b, pubs->pubs[i].rva, pubs->pubs[i].size, pubs->pubs[i].name,
                                     pubs->pubs[i].flags & ~SYME_SHADOWED);
        for (i = 0; i < pubs->nsyms; i++)
            symtab_add_symbol_typed(b, pubs->syms[i].rva, pubs->syms[i].size, pubs->syms[i].name,
                                    pubs->syms[i].flags, pubs->syms[i].tid);
        for (i = 0; i < pubs->nframes; i++) symtab_add_frame(b, &pubs->frames[i]);
        for (i = 0; i < mod->debug.nunits; i++) read_unit(mod, i, b);
        if (!symtab_builder_finish(b, tab))
        {
            module_make_wfiles(mod, tab);
            mod->num_syms = tab->nsyms + tab->npubs - tab->nshadowed + mod->nadded;
            MemoryBarrier();
            mod->tab = tab;
        }
        /* Done with the session either way. */
        module_debug_close(mod);
        MemoryBarrier();
        mod->full = 1;
    }
    ReleaseSRWLockExclusive(&mod->syms_lock);
    return mod->tab;
}

