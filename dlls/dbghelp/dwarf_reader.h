/*
 * dwarf_reader.h: reading a PE image's DWARF into symbol tables (dwarf.c,
 * portable core over libdwarf).
 */
#ifndef DBGHELP_DWARF_READER_H
#define DBGHELP_DWARF_READER_H

#include "reader.h"

/* The flags are reader.h's READ_LINES and READ_INLINES; the types its
 * reader_stats and unit_range.  dwarf_reader (reader.h) is this reader
 * behind the seam; the functions below are its parts, for the tests. */

/* Read the DWARF of an image (file or memory view, as pe_parse said) into
 * b.  Returns 1 when debug info was read, 0 when the image has none, -1 on
 * out of memory or when libdwarf rejects the sections.  Addresses outside
 * the image (discarded code) are dropped. */
int dwarfread_image(const struct pe_image *img, const struct byte_view *view,
                    struct symtab_builder *b, unsigned flags, struct reader_stats *stats);

/* A reading session: libdwarf kept open over private copies of the debug
 * sections, so that units can be read one at a time, on demand, after the
 * image's view is gone.  Not thread-safe: the caller serialises. */
struct dwarfread_session;

/* Open a session (copy: 1 to copy the sections, 0 to read the view in
 * place, which must then outlive the session).  NULL with *status 0 when
 * the image has no DWARF, -1 on error. */
struct dwarfread_session *dwarfread_open(const struct pe_image *img, const struct byte_view *view,
                                         unsigned flags, int copy, int *status);
unsigned dwarfread_unit_count(const struct dwarfread_session *s);
const struct unit_range *dwarfread_unit_ranges(const struct dwarfread_session *s,
                                                    unsigned *count);
/* Read one unit into b; 0 or -1. */
int dwarfread_unit(struct dwarfread_session *s, unsigned unit, struct symtab_builder *b);
/* Close libdwarf and free the copies. */
void dwarfread_close(struct dwarfread_session *s);

#endif /* DBGHELP_DWARF_READER_H */
