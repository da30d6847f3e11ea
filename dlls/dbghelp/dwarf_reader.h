/*
 * dwarf_reader.h: reading a PE image's DWARF into symbol tables (dwarf.c,
 * portable core over libdwarf).
 */
#ifndef DBGHELP_DWARF_READER_H
#define DBGHELP_DWARF_READER_H

#include "core.h"
#include "symtab.h"

#define DWARFREAD_LINES   0x1 /* read the line tables */
#define DWARFREAD_INLINES 0x2 /* read inlined calls */

/* What a reading found, for SYMOPT_DEBUG traces and tests. */
struct dwarfread_stats
{
    unsigned units, functions, variables, inlines, errors;
    uint64_t lines;
};

/* Read the DWARF of an image (file or memory view, as pe_parse said) into
 * b.  Returns 1 when debug info was read, 0 when the image has none, -1 on
 * out of memory or when libdwarf rejects the sections.  Addresses outside
 * the image (discarded code) are dropped. */
int dwarfread_image(const struct pe_image *img, const struct byte_view *view,
                    struct symtab_builder *b, unsigned flags, struct dwarfread_stats *stats);

#endif /* DBGHELP_DWARF_READER_H */
