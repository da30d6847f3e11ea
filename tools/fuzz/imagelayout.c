/*
 * imagelayout.c: a PE file laid out as the loader maps it (headers at 0,
 * each section's raw data at its RVA, zeros elsewhere, SizeOfImage bytes
 * at most 4 MiB), for the fuzz targets' memory-image seeds (seeds.sh).
 * Usage: imagelayout IN OUT.  Exit status 0 when OUT was written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IMAGE (4u << 20)

static uint32_t get32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char *in, *out;
    long len;
    uint32_t lfanew, size_of_image, size_of_headers, opt, sect, i;
    uint16_t nsect, opt_size;

    if (argc != 3 || !(f = fopen(argv[1], "rb"))) return 1;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (len < 0x200 || len > (long)MAX_IMAGE || !(in = malloc((size_t)len)) || fread(in, 1, (size_t)len, f) != (size_t)len)
        return 1;
    fclose(f);
    lfanew = get32(in + 0x3c);
    if (lfanew > (uint32_t)len - 0x108 || get32(in + lfanew) != 0x4550) return 1;
    nsect = get16(in + lfanew + 6);
    opt_size = get16(in + lfanew + 20);
    opt = lfanew + 24;
    size_of_image = get32(in + opt + 56);
    size_of_headers = get32(in + opt + 60);
    sect = opt + opt_size;
    if (!size_of_image || size_of_image > MAX_IMAGE || sect + nsect * 40u > (uint32_t)len) return 1;
    if (!(out = calloc(1, size_of_image))) return 1;
    memcpy(out, in, size_of_headers < size_of_image && size_of_headers < (uint32_t)len ? size_of_headers
                    : (size_of_image < (uint32_t)len ? size_of_image : (uint32_t)len));
    for (i = 0; i < nsect; i++)
    {
        const unsigned char *s = in + sect + i * 40;
        uint32_t vsize = get32(s + 8), va = get32(s + 12), raw_size = get32(s + 16), raw = get32(s + 20), n;

        if (va >= size_of_image || raw >= (uint32_t)len) continue;
        n = raw_size;
        if (vsize && n > vsize) n = vsize;
        if (n > (uint32_t)len - raw) n = (uint32_t)len - raw;
        if (n > size_of_image - va) n = size_of_image - va;
        memcpy(out + va, in + raw, n);
    }
    if (!(f = fopen(argv[2], "wb")) || fwrite(out, 1, size_of_image, f) != size_of_image) return 1;
    fclose(f);
    free(in);
    free(out);
    return 0;
}
