/*
 * msf.c: the Multi-Stream Format of PDB 7.0 files, bounded by the view
 * (see msf.h).  The superblock names the block size and the block holding
 * the list of the directory's blocks; the directory gives each stream's
 * size and block list.  Every count and index is checked against the file
 * before it is used, so a hostile file costs at most its own size in
 * memory.
 */
#include <string.h>
#include "msf.h"

static const char msf7_magic[32] = "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS\0\0\0";

static uint32_t get32(const unsigned char *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t blocks_for(uint32_t size, uint32_t bs)
{
    return size == MSF_NIL_STREAM ? 0 : size / bs + (size % bs != 0);
}

int msf_open(struct msf *msf, const struct byte_view *view, struct arena *arena)
{
    uint32_t bs, nblocks, dir_bytes, map_block, ndir_blocks, i, pos;
    const unsigned char *sb, *map;
    unsigned char *dir;
    uint64_t total;

    memset(msf, 0, sizeof(*msf));
    if (!(sb = view_ptr(view, 0, 56)) || memcmp(sb, msf7_magic, sizeof(msf7_magic))) return -1;
    bs = get32(sb + 32);
    nblocks = get32(sb + 40);
    dir_bytes = get32(sb + 44);
    map_block = get32(sb + 52);
    if (bs != 512 && bs != 1024 && bs != 2048 && bs != 4096) return -1;
    if ((uint64_t)nblocks * bs > view->size) nblocks = (uint32_t)(view->size / bs);
    if (!dir_bytes || dir_bytes > view->size || map_block >= nblocks) return -1;
    ndir_blocks = blocks_for(dir_bytes, bs);
    if (!(map = view_ptr(view, (uint64_t)map_block * bs, (uint64_t)ndir_blocks * 4))) return -1;
    if (!(dir = arena_alloc(arena, dir_bytes))) return -1;
    for (i = 0; i < ndir_blocks; i++)
    {
        uint32_t b = get32(map + 4 * i), len = i + 1 < ndir_blocks ? bs : dir_bytes - i * bs;
        const unsigned char *src;

        if (b >= nblocks || !(src = view_ptr(view, (uint64_t)b * bs, len))) return -1;
        memcpy(dir + (size_t)i * bs, src, len);
    }
    if (dir_bytes < 4) return -1;
    msf->nstreams = get32(dir);
    if (msf->nstreams > (dir_bytes - 4) / 4) return -1;
    if (!(msf->first_block = arena_alloc(arena, (msf->nstreams ? msf->nstreams : 1) * sizeof(uint32_t))))
        return -1;
    /* Each stream's block list follows the sizes, in stream order. */
    pos = 4 + 4 * msf->nstreams;
    for (i = 0, total = pos; i < msf->nstreams; i++)
    {
        uint32_t size = get32(dir + 4 + 4 * i);

        if (size != MSF_NIL_STREAM && size > view->size) return -1;
        msf->first_block[i] = (uint32_t)total;
        total += 4ull * blocks_for(size, bs);
        if (total > dir_bytes) return -1;
    }
    msf->view = view;
    msf->block_size = bs;
    msf->nblocks = nblocks;
    msf->dir = dir;
    msf->dir_len = dir_bytes;
    return 0;
}

int64_t msf_stream_size(const struct msf *msf, uint32_t stream)
{
    uint32_t size;

    if (stream >= msf->nstreams) return -1;
    size = get32(msf->dir + 4 + 4 * stream);
    return size == MSF_NIL_STREAM ? -1 : (int64_t)size;
}

int msf_read(const struct msf *msf, uint32_t stream, uint32_t off, void *buf, uint32_t len)
{
    int64_t size = msf_stream_size(msf, stream);
    unsigned char *out = buf;
    uint32_t bs = msf->block_size;

    if (size < 0 || off > size || len > size - off) return -1;
    while (len)
    {
        uint32_t index = off / bs, in = off % bs, n = bs - in, block;
        const unsigned char *src;

        if (n > len) n = len;
        block = get32(msf->dir + msf->first_block[stream] + 4 * index);
        if (block >= msf->nblocks || !(src = view_ptr(msf->view, (uint64_t)block * bs + in, n)))
            return -1;
        memcpy(out, src, n);
        out += n;
        off += n;
        len -= n;
    }
    return 0;
}

#define PDB_STREAM_INFO 1
#define PDB_STREAM_DBI 3

int pdb_read_index(const struct byte_view *view, uint8_t guid[16], uint32_t *age)
{
    unsigned char info[28], dbi[12];
    struct arena arena;
    struct msf msf;
    int ret = -1;

    arena_init(&arena);
    if (!msf_open(&msf, view, &arena) && !msf_read(&msf, PDB_STREAM_INFO, 0, info, sizeof(info)))
    {
        /* Info stream: version, signature, age, GUID.  The DBI stream's
         * header (signature, version, age) holds the age that counts; a
         * PDB without one reports the info stream's. */
        memcpy(guid, info + 12, 16);
        *age = get32(info + 8);
        if (!msf_read(&msf, PDB_STREAM_DBI, 0, dbi, sizeof(dbi)) && get32(dbi) == 0xffffffffu)
            *age = get32(dbi + 8);
        ret = 0;
    }
    arena_free_all(&arena);
    return ret;
}

int dbg_read_header(const struct byte_view *view, uint32_t *timestamp, uint32_t *size_of_image)
{
    const unsigned char *h = view_ptr(view, 0, 48);

    if (!h || h[0] != 'D' || h[1] != 'I') return -1;
    *timestamp = get32(h + 8);
    *size_of_image = get32(h + 20);
    return 0;
}
