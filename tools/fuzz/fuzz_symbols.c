/*
 * fuzz_symbols.c: libFuzzer target for the whole symbol build from an
 * image, DWARF included: pe_parse, exports and COFF as publics, then the
 * DWARF reader over libdwarf 0.11 in both ways the DLL uses it, and
 * lookups over what was built.
 *   - whole: dwarfread_image reads every unit into one table;
 *   - lazy: a session over private copies of the sections (the input is
 *     freed before the units are read, as the DLL unmaps the file), then
 *     one table per unit, on demand;
 * the input read as a file (whole and lazy) and as a memory image (whole).
 * Lines and inline sites are read in both.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "symtab.h"
#include "dwarf_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_UNITS 64 /* units read per input in lazy mode */

static void lookups(const struct symtab *tab)
{
    uint32_t i, chain[8], first;

    for (i = 0; i < tab->nsyms && i < 1024; i++)
    {
        const struct sym_entry *e = &tab->syms[i];

        symtab_find_sym(tab, e->rva);
        symtab_find_line(tab, e->rva);
        symtab_find_line(tab, e->rva + 1);
        symtab_inline_chain(tab, e->rva + 1, chain, 8);
        symtab_find_locals(tab, e->rva + 1, &first);
        symtab_find_name(tab, e->name, strlen(e->name), 0, SYMTAB_SYMS | SYMTAB_PUBS);
    }
    for (i = 0; i < tab->npubs && i < 1024; i++) symtab_find_public(tab, tab->pubs[i].rva, 1);
    symtab_find_sym(tab, 0);
    symtab_find_line(tab, 0xffffffffu);
}

/* Publics, then the DWARF: whole (every unit into the same table) or lazy
 * (a session over private copies of the sections, the input freed before
 * the units are read, as the DLL unmaps the file, then one table per
 * unit). */
static void read_image(const uint8_t *data, size_t size, int mapped, int lazy)
{
    struct pe_export *exports = NULL;
    struct reader_stats stats;
    struct dwarfread_session *s;
    struct symtab_builder *b;
    struct byte_view view;
    struct pe_image img;
    struct symtab tab;
    struct arena arena;
    uint32_t nexports = 0;
    unsigned i, n, count;
    uint8_t *copy;
    int status;

    /* A private buffer, so that ASan sees any use after the unmapping. */
    if (!(copy = malloc(size ? size : 1))) return;
    memcpy(copy, data, size);
    view.data = copy;
    view.size = size;
    arena_init(&arena);
    if (pe_parse(&view, mapped, &arena, &img) != PE_OK) goto done;
    if (pe_read_exports(&img, &view, &arena, &exports, &nexports) != PE_OK) nexports = 0;
    if (!(b = symtab_builder_new(&arena))) goto done;
    coff_add_exports(&img, exports, nexports, b);
    coff_read_symbols(&img, &view, b);
    if (!lazy)
    {
        dwarfread_image(&img, &view, b, READ_LINES | READ_INLINES, &stats);
        if (!symtab_builder_finish(b, &tab)) lookups(&tab);
        goto done;
    }
    if (!symtab_builder_finish(b, &tab)) lookups(&tab);
    s = dwarfread_open(&img, &view, READ_LINES | READ_INLINES, 1, &status);
    free(copy);
    copy = NULL;
    if (!s) goto done;
    dwarfread_unit_ranges(s, &count);
    n = dwarfread_unit_count(s);
    for (i = 0; i < n && i < MAX_UNITS; i++)
    {
        if (!(b = symtab_builder_new(&arena))) break;
        dwarfread_unit(s, i, b);
        if (!symtab_builder_finish(b, &tab)) lookups(&tab);
    }
    dwarfread_unit(s, n, NULL); /* out of range: refused */
    dwarfread_close(s);
done:
    arena_free_all(&arena);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_image(data, size, 0, 0); /* a file, whole */
    read_image(data, size, 0, 1); /* a file, lazy */
    read_image(data, size, 1, 0); /* a memory image, whole */
    return 0;
}
