/*
 * pdb_int.h: what the PDB reader's two files share (pdb.c reads the
 * container, symbols and lines; pdbtypes.c turns TPI type records into
 * the module's type store).  Portable core.
 */
#ifndef DBGHELP_PDB_INT_H
#define DBGHELP_PDB_INT_H

#include <stdint.h>
#include "core.h"

struct symtab_builder;
struct typetab;

/* A private copy of a stream. */
struct pdb_stream
{
    unsigned char *data;
    uint32_t size;
};

/* A CodeView record: a type record, a symbol, or a field list's
 * sub-record (data then starts after its leaf). */
struct cvrec
{
    uint16_t kind;
    const unsigned char *data; /* after the kind */
    uint32_t len;              /* bytes of data */
    uint32_t off;              /* the record's offset in its stream */
};

/* The type records of a TPI or IPI stream, by index. */
struct pdb_types
{
    struct pdb_stream s;
    uint32_t first, count;
    uint32_t *offs;
};

static inline uint16_t pdb_get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t pdb_get32(const unsigned char *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The record of index in a type stream: 1 with *r, or 0. */
int pdb_type_rec(const struct pdb_types *t, uint32_t index, struct cvrec *r);
/* A numeric leaf at p (avail bytes): 0 with *value and *used, or -1.
 * *is_signed says whether it was a signed leaf. */
int pdb_numeric(const unsigned char *p, uint32_t avail, uint64_t *value, uint32_t *used, int *is_signed);
/* A NUL-terminated name at p (avail bytes): its length, or -1. */
int pdb_cstr(const unsigned char *p, uint32_t avail, const char **name);

/* ---- pdbtypes.c ------------------------------------------------------ */

struct pdbt;

/* A converter of the TPI records into tt; names interned through b.
 * NULL when out of memory. */
struct pdbt *pdbt_new(struct typetab *tt, struct symtab_builder *b, const struct pdb_types *tpi, int ptr64);
void pdbt_free(struct pdbt *t);
/* The builder whose arena new names go to (a unit's, read later). */
void pdbt_set_builder(struct pdbt *t, struct symtab_builder *b);
/* The node of a type index (built-in below 0x1000), built on first use;
 * 0 when there is none.  Call pdbt_drain before publishing. */
uint32_t pdbt_type(struct pdbt *t, uint32_t index);
/* Build every type of the stream (what SymEnumTypes lists). */
void pdbt_all(struct pdbt *t);
/* Fill the UDTs and enums built so far (their members), then publish. */
void pdbt_drain(struct pdbt *t);
/* The size of a value of the type's node, 0 when unknown. */
uint32_t pdbt_size(struct pdbt *t, uint32_t id);
/* The store the converter fills. */
struct typetab *pdbt_store(struct pdbt *t);

#endif /* DBGHELP_PDB_INT_H */
