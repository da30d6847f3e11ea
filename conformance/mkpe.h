/*
 * mkpe.h: hand-made PE files for the tests: one .rdata section, optionally
 * holding a debug directory with one record (CodeView RSDS or NB10, or any
 * other type), in the PE32 or PE32+ layout.  Nothing in them runs.
 */
#ifndef MKPE_H
#define MKPE_H

#include <windows.h>

struct mkpe
{
    BOOL pe64;               /* PE32+ (x86-64) rather than PE32 (i386) */
    DWORD timestamp;         /* FileHeader.TimeDateStamp */
    DWORD size_of_image;     /* OptionalHeader.SizeOfImage (0: 0x2000) */
    WORD characteristics;    /* added to EXECUTABLE_IMAGE | DLL */
    DWORD debug_type;        /* IMAGE_DEBUG_TYPE_*, 0 for no debug directory */
    const void *debug_data;  /* the record the entry points to */
    DWORD debug_size;
    /* More entries after that one (types may be IMAGE_DEBUG_TYPE_UNKNOWN,
     * 0, when debug_type is set). */
    unsigned nmore;
    struct { DWORD type; const void *data; DWORD size; } more[4];
};

/* The record of an RSDS (PDB 7.0) or NB10 (PDB 2.0) CodeView entry, in a
 * buffer of at least 24 + strlen(name) + 1 bytes; returns its size.
 * mkpe_misc: an IMAGE_DEBUG_MISC_EXENAME record naming a .dbg file. */
DWORD mkpe_rsds(BYTE *out, const GUID *guid, DWORD age, const char *pdb);
DWORD mkpe_nb10(BYTE *out, DWORD signature, DWORD age, const char *pdb);
DWORD mkpe_misc(BYTE *out, const char *dbg);
/* The file's bytes (malloc'ed, *size set), or NULL. */
BYTE *mkpe_build(const struct mkpe *pe, DWORD *size);
/* Write the file; TRUE on success. */
BOOL mkpe_write(const char *path, const struct mkpe *pe);

#endif /* MKPE_H */
