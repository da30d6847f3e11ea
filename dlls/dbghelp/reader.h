/*
 * reader.h: the seam between the debug formats and the rest of dbghelp
 * (portable core).  Every format a module's symbols can come from is a
 * reader: a table of functions over one image (or the separate debug file
 * it names) that fills the format-neutral tables of symtab.h.  The
 * module-debug layer (moddebug.c) walks the readers in order and keeps the
 * per-module reader state; nothing above it knows which format a table
 * came from.
 *
 * Two kinds of readers:
 *   - publics (exports, COFF symbols): always read from the image, whole;
 *   - debug information (PDB, DWARF): from the image itself or from
 *     the separate debug file its reference names, read whole or, when
 *     large, one unit at a time on demand through a session.
 */
#ifndef DBGHELP_READER_H
#define DBGHELP_READER_H

#include "core.h"
#include "symtab.h"

/* Reading flags. */
#define READ_LINES   0x1 /* line tables */
#define READ_INLINES 0x2 /* inlined calls */

/* What a reading found, for SYMOPT_DEBUG traces and tests. */
struct reader_stats
{
    unsigned units, functions, variables, inlines, errors;
    uint64_t lines;
};

/* The address ranges of a session's units (RVAs), sorted by lo. */
struct unit_range
{
    uint32_t lo, hi;
    unsigned unit;
};

/* The image (or debug file) a reader reads: parsed headers, its bytes, and
 * the arena of the module the tables are for. */
struct debug_source
{
    const struct pe_image *img;
    const struct byte_view *view;
    struct arena *arena;
};

/* What an image says about a separate debug file holding its debug
 * information; resolved by the search layer (search.c). */
enum debug_ref_kind
{
    DEBUG_REF_NONE,
    DEBUG_REF_DEBUGLINK,      /* .gnu_debuglink: file name + CRC-32 of the file */
    DEBUG_REF_PDB             /* CodeView RSDS / NB10: PDB path + identity */
};

#define DEBUG_REF_ANYTHING 0x1 /* accept a PDB of another identity
                                  (SYMOPT_LOAD_ANYTHING) */

struct debug_ref
{
    enum debug_ref_kind kind;
    char name[260];           /* the file name the image records */
    uint32_t crc;             /* DEBUGLINK: CRC-32 of the whole file */
    uint32_t cv_format;       /* PDB: PE_CV_RSDS or PE_CV_NB10 */
    uint8_t guid[16];         /* RSDS */
    uint32_t signature;       /* NB10 */
    uint32_t age;
    unsigned flags;           /* DEBUG_REF_* (set by the caller) */
};

enum reader_kind
{
    READER_EXPORTS,
    READER_COFF,
    READER_DWARF,
    READER_PDB
};

struct debug_reader
{
    const char *name;         /* for traces: "exports", "COFF", "DWARF" */
    enum reader_kind kind;
    /* Does the source carry this format's information?  (Publics readers:
     * NULL, they always run.) */
    int (*present)(const struct debug_source *src);
    /* The separate debug file the image names for this format, if any:
     * 1 with *ref filled, else 0.  NULL when the format has none. */
    int (*reference)(const struct debug_source *src, struct debug_ref *ref);
    /* Is `file` the debug file ref names for the image `img`, readable by
     * this reader?  1 with *file_img filled (its headers, in arena), else
     * 0, or -1 for a file of a form the reader does not read (a
     * /DEBUG:FASTLINK PDB; traced): the search goes on with the next
     * candidate. */
    int (*accept)(const struct debug_ref *ref, const struct pe_image *img,
                  const struct byte_view *file, struct arena *arena, struct pe_image *file_img);
    /* Read everything into b: 1 read, 0 nothing there, -1 error (the
     * builder is then marked failed or left as the readers before left it). */
    int (*read)(const struct debug_source *src, struct symtab_builder *b, unsigned flags,
                struct reader_stats *stats);
    /* Lazy reading (NULL when the format has no units).  is_large says
     * whether the source is worth reading by units. */
    int (*is_large)(const struct debug_source *src);
    /* A session over private copies of what the units need: the source
     * may go away once it returns.  What no unit holds (a PDB's publics,
     * globals, types and frame data) goes into base, the builder of the
     * table every state of the module keeps.  NULL with *status 0 when
     * there is nothing to read, -1 on error, 1 when everything was read
     * into base at once (stats then says what). */
    void *(*open)(const struct debug_source *src, unsigned flags, struct symtab_builder *base,
                  struct reader_stats *stats, int *status);
    unsigned (*unit_count)(const void *session);
    const struct unit_range *(*unit_ranges)(const void *session, unsigned *count);
    /* Read one unit into b: 0, or -1. */
    int (*read_unit)(void *session, unsigned unit, struct symtab_builder *b);
    void (*close)(void *session);
};

/* The readers, in the order the module-debug layer runs them. */
extern const struct debug_reader exports_reader;  /* coff.c */
extern const struct debug_reader coff_reader;     /* coff.c */
extern const struct debug_reader dwarf_reader;    /* dwarf.c */
extern const struct debug_reader pdb_reader;      /* pdb.c */

/* ---- PDB (pdb.c) ------------------------------------------------------- */

/* A PDB's identity: the info stream's GUID, signature and version, and the
 * age of its DBI stream (the info stream's when it has none). */
struct pdb_id
{
    uint8_t guid[16];
    uint32_t signature, age, version;
    int mini;                 /* /DEBUG:FASTLINK: symbols not in the PDB */
};
/* 0 with *id filled, or -1 when the view is no PDB 7.0 file. */
int pdb_identity(const struct byte_view *view, struct pdb_id *id);
/* Is it the PDB the CodeView record ref names? */
int pdb_matches(const struct debug_ref *ref, const struct pdb_id *id);
/* Read a PDB's symbols and lines for the image img (whose sections
 * place them): 1 read, 0 nothing there (no procedures and no lines),
 * -1 an unreadable or unsupported (/DEBUG:FASTLINK) file. */
int pdbread_image(const struct pe_image *img, const struct byte_view *view, struct symtab_builder *b,
                  unsigned flags, struct reader_stats *stats);

#endif /* DBGHELP_READER_H */
