/*
 * fuzz_image.c: libFuzzer target for the PE reader and the reading of an
 * image's publics: pe_parse as a file and as a memory image, the export
 * table, .gnu_debuglink, the CodeView record and the symbol-server index
 * of the debug directory, the image checksum, the COFF symbol table, the
 * symbol table builder and lookups over what it built; and the same bytes
 * as a PDB's MSF container (its GUID and age) and a .dbg header.  No DWARF: fuzz_symbols.c adds it, at a
 * much lower rate of executions; this target keeps the PE reader fast.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "msf.h"
#include "symtab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_image(const uint8_t *data, size_t size, int mapped)
{
    struct byte_view view = { data, size };
    struct arena arena;
    struct pe_image img;
    struct pe_export *exports = NULL;
    struct symtab_builder *b;
    struct symtab tab;
    uint32_t nexports = 0, i, crc, len;
    char link[256];
    struct pe_codeview cv;
    struct pe_debug_index di;

    arena_init(&arena);
    if (pe_parse(&view, mapped, &arena, &img) != PE_OK) goto done;
    if (pe_read_exports(&img, &view, &arena, &exports, &nexports) != PE_OK) nexports = 0;
    pe_read_debuglink(&img, &view, link, sizeof(link), &crc);
    pe_read_codeview(&img, &view, &cv);
    pe_read_debug_index(&img, &view, &di);
    pe_checksum(view.data, view.size, pe_checksum_offset(view.data, view.size));
    pe_section_data(&img, &view, ".debug_info", &len);
    if (!(b = symtab_builder_new(&arena))) goto done;
    coff_add_exports(&img, exports, nexports, b);
    coff_read_symbols(&img, &view, b);
    if (symtab_builder_finish(b, &tab)) goto done;
    /* Lookups over what was built: every address the exports name, and a
     * few around them; every name. */
    for (i = 0; i < tab.npubs && i < 4096; i++)
    {
        const struct sym_entry *e = &tab.pubs[i];

        symtab_find_public(&tab, e->rva, 0);
        symtab_find_public(&tab, e->rva + 1, 1);
        symtab_find_name(&tab, e->name, strlen(e->name), i & 1, SYMTAB_SYMS | SYMTAB_PUBS);
    }
    symtab_find_public(&tab, 0, 0);
    symtab_find_public(&tab, 0xffffffffu, 0);
done:
    arena_free_all(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct byte_view view = { data, size };
    uint8_t guid[16];
    uint32_t age, stamp, image_size;

    read_image(data, size, 0);
    read_image(data, size, 1);
    /* The same bytes as the other files symbol servers index. */
    pdb_read_index(&view, guid, &age);
    dbg_read_header(&view, &stamp, &image_size);
    return 0;
}
