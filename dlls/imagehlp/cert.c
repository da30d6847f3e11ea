/*
 * cert.c: an image's attribute certificate table (the security data
 * directory, whose "RVA" is a file offset), and the digest stream signers
 * hash: ImageEnumerateCertificates, ImageGetCertificateHeader,
 * ImageGetCertificateData, ImageAddCertificate, ImageRemoveCertificate,
 * ImageGetDigestStream.
 *
 * The table is a run of WIN_CERTIFICATE entries, each starting on an
 * 8-byte boundary (Microsoft's PE format documentation, "The Attribute
 * Certificate Table").  ImageAddCertificate appends at the 8-aligned end of
 * the table (or of the file, for the first one); ImageRemoveCertificate
 * closes the gap; both bring the directory entry and the image checksum up
 * to date, so adding then removing gives the file back at its 8-aligned
 * size (Wine's imagehlp tests, which pass on Windows, check that).
 * Everything is read from the file and bounds-checked against it.
 */
#include <stdlib.h>
#include "imagehlp_private.h"
#include <wintrust.h>

#define CERT_ALIGN(x) (((x) + 7) & ~(DWORD)7)
#define CERT_HEADER 8 /* dwLength, wRevision, wCertificateType */

/* The whole file, read through the caller's handle (its position is not
 * relied on). */
struct file_data
{
    BYTE *data;
    DWORD size;
};

static BOOL read_file_data(HANDLE file, struct file_data *fd)
{
    LARGE_INTEGER size, zero;
    DWORD got = 0;

    fd->data = NULL;
    fd->size = 0;
    zero.QuadPart = 0;
    if (!GetFileSizeEx(file, &size)) return FALSE;
    if (size.QuadPart < (LONGLONG)sizeof(IMAGE_DOS_HEADER) || size.QuadPart > 0x7fffffff)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(fd->data = malloc((size_t)size.QuadPart)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (!SetFilePointerEx(file, zero, NULL, FILE_BEGIN) ||
        !ReadFile(file, fd->data, (DWORD)size.QuadPart, &got, NULL) || got != size.QuadPart)
    {
        free(fd->data);
        fd->data = NULL;
        if (GetLastError() == ERROR_SUCCESS) SetLastError(ERROR_READ_FAULT);
        return FALSE;
    }
    fd->size = got;
    return TRUE;
}

static BOOL write_file_data(HANDLE file, const BYTE *data, DWORD size)
{
    LARGE_INTEGER zero;
    DWORD done = 0;

    zero.QuadPart = 0;
    return SetFilePointerEx(file, zero, NULL, FILE_BEGIN) &&
           WriteFile(file, data, size, &done, NULL) && done == size && SetEndOfFile(file);
}

/* Where the security directory entry is in the file, and what it says. */
struct cert_table
{
    DWORD entry_off;        /* file offset of DataDirectory[SECURITY] */
    DWORD off, size;        /* the table: file offset and size (0: none) */
    size_t checksum_off;
};

static BOOL find_table(const struct file_data *fd, struct cert_table *t)
{
    IMAGE_NT_HEADERS *nt = image_headers(fd->data, fd->size, NULL, NULL);
    const IMAGE_DATA_DIRECTORY *dir;
    DWORD count, dirs;

    if (!nt)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    {
        count = ((IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.NumberOfRvaAndSizes;
        dirs = FIELD_OFFSET(IMAGE_NT_HEADERS64, OptionalHeader.DataDirectory);
    }
    else
    {
        count = ((IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.NumberOfRvaAndSizes;
        dirs = FIELD_OFFSET(IMAGE_NT_HEADERS32, OptionalHeader.DataDirectory);
    }
    t->entry_off = (DWORD)((BYTE *)nt - fd->data) + dirs +
                   IMAGE_DIRECTORY_ENTRY_SECURITY * sizeof(IMAGE_DATA_DIRECTORY);
    if (count <= IMAGE_DIRECTORY_ENTRY_SECURITY ||
        t->entry_off + sizeof(*dir) > (DWORD)((BYTE *)nt - fd->data) + 24 +
                                      nt->FileHeader.SizeOfOptionalHeader)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    dir = (const IMAGE_DATA_DIRECTORY *)(fd->data + t->entry_off);
    t->off = dir->VirtualAddress;
    t->size = dir->Size;
    if (!t->off || !t->size) t->off = t->size = 0;
    /* A table that does not lie in the file is no table. */
    if (t->off > fd->size || t->size > fd->size - t->off) t->off = t->size = 0;
    t->checksum_off = pe_checksum_offset(fd->data, fd->size);
    return TRUE;
}

/* Entry `index` of the table: its offset and dwLength, or FALSE. */
static BOOL cert_at(const struct file_data *fd, const struct cert_table *t, DWORD index,
                    DWORD *off, DWORD *len)
{
    DWORD pos = t->off, end = t->off + t->size, i;

    for (i = 0; pos + CERT_HEADER <= end; i++)
    {
        DWORD l;

        memcpy(&l, fd->data + pos, sizeof(l));
        if (l < CERT_HEADER || l > end - pos) break;
        if (i == index)
        {
            *off = pos;
            *len = l;
            return TRUE;
        }
        if (CERT_ALIGN(l) > end - pos) break;
        pos += CERT_ALIGN(l);
    }
    return FALSE;
}

BOOL WINAPI ImageEnumerateCertificates(HANDLE file, WORD type, PDWORD count, PDWORD indices,
                                       DWORD max)
{
    struct file_data fd;
    struct cert_table t;
    DWORD i, off, len, n = 0;

    if (!count)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!read_file_data(file, &fd)) return FALSE;
    if (!find_table(&fd, &t))
    {
        free(fd.data);
        return FALSE;
    }
    for (i = 0; cert_at(&fd, &t, i, &off, &len); i++)
    {
        WORD cert_type;

        memcpy(&cert_type, fd.data + off + 6, sizeof(cert_type));
        if (type != CERT_SECTION_TYPE_ANY && cert_type != type) continue;
        if (indices && n < max) indices[n] = i;
        n++;
    }
    *count = n;
    free(fd.data);
    return TRUE;
}

/* Entry `index`, read from the file: FALSE with the error set. */
static BOOL get_cert(HANDLE file, DWORD index, struct file_data *fd, DWORD *off, DWORD *len)
{
    struct cert_table t;

    if (!read_file_data(file, fd)) return FALSE;
    if (!find_table(fd, &t) || !cert_at(fd, &t, index, off, len))
    {
        free(fd->data);
        fd->data = NULL;
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI ImageGetCertificateHeader(HANDLE file, DWORD index, LPWIN_CERTIFICATE header)
{
    struct file_data fd;
    DWORD off, len;

    if (!header)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!get_cert(file, index, &fd, &off, &len)) return FALSE;
    memcpy(header, fd.data + off, CERT_HEADER);
    free(fd.data);
    return TRUE;
}

/* The whole entry, header included; *required gets its length. */
BOOL WINAPI ImageGetCertificateData(HANDLE file, DWORD index, LPWIN_CERTIFICATE cert,
                                    PDWORD required)
{
    struct file_data fd;
    DWORD off, len;

    if (!required)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!get_cert(file, index, &fd, &off, &len)) return FALSE;
    if (!cert || *required < len)
    {
        *required = len;
        free(fd.data);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(cert, fd.data + off, len);
    *required = len;
    free(fd.data);
    return TRUE;
}

/* Write the table's new place and size, the checksum, and the file. */
static BOOL commit(HANDLE file, BYTE *data, DWORD size, const struct cert_table *t, DWORD off,
                   DWORD table_size)
{
    IMAGE_DATA_DIRECTORY dir;
    DWORD sum;

    dir.VirtualAddress = table_size ? off : 0;
    dir.Size = table_size;
    memcpy(data + t->entry_off, &dir, sizeof(dir));
    if (t->checksum_off != (size_t)-1)
    {
        sum = pe_checksum(data, size, t->checksum_off);
        memcpy(data + t->checksum_off, &sum, sizeof(sum));
    }
    return write_file_data(file, data, size);
}

BOOL WINAPI ImageAddCertificate(HANDLE file, LPWIN_CERTIFICATE cert, PDWORD index)
{
    struct file_data fd;
    struct cert_table t;
    DWORD n = 0, off, len, start, end, total, cert_len;
    BYTE *grown;
    BOOL ret;

    if (!cert || cert->dwLength < CERT_HEADER)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    cert_len = cert->dwLength;
    if (!read_file_data(file, &fd)) return FALSE;
    if (!find_table(&fd, &t))
    {
        free(fd.data);
        return FALSE;
    }
    /* The table starts (or will start) 8-aligned; the new entry goes after
     * the last valid one. */
    start = t.size ? t.off : CERT_ALIGN(fd.size);
    end = start;
    while (cert_at(&fd, &t, n, &off, &len))
    {
        end = off + CERT_ALIGN(len);
        n++;
    }
    if (end > 0x7fffffff - CERT_ALIGN(cert_len))
    {
        free(fd.data);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    total = end + CERT_ALIGN(cert_len);
    /* Whatever followed the table in the file is kept after it. */
    if (t.size && t.off + t.size < fd.size) total += fd.size - (t.off + t.size);
    if (!(grown = calloc(1, total)))
    {
        free(fd.data);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(grown, fd.data, end < fd.size ? end : fd.size);
    memcpy(grown + end, cert, cert_len);
    if (t.size && t.off + t.size < fd.size)
        memcpy(grown + end + CERT_ALIGN(cert_len), fd.data + t.off + t.size,
               fd.size - (t.off + t.size));
    ret = commit(file, grown, total, &t, start, end + CERT_ALIGN(cert_len) - start);
    free(grown);
    free(fd.data);
    if (ret && index) *index = n;
    return ret;
}

BOOL WINAPI ImageRemoveCertificate(HANDLE file, DWORD index)
{
    struct file_data fd;
    struct cert_table t;
    DWORD off, len, alen, size;
    BOOL ret;

    if (!read_file_data(file, &fd)) return FALSE;
    if (!find_table(&fd, &t) || !cert_at(&fd, &t, index, &off, &len))
    {
        free(fd.data);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    alen = CERT_ALIGN(len);
    if (alen > fd.size - off) alen = fd.size - off;
    memmove(fd.data + off, fd.data + off + alen, fd.size - off - alen);
    size = fd.size - alen;
    ret = commit(file, fd.data, size, &t, t.off, t.size > alen ? t.size - alen : 0);
    free(fd.data);
    return ret;
}

/* ---- ImageGetDigestStream ---------------------------------------------------------- */

/* Byte ranges of the file left out of the digest, sorted before use. */
struct holes
{
    DWORD lo[64], hi[64];
    unsigned n;
};

static void hole_add(struct holes *h, DWORD lo, DWORD hi)
{
    if (h->n < ARRAY_SIZE(h->lo) && lo < hi)
    {
        h->lo[h->n] = lo;
        h->hi[h->n] = hi;
        h->n++;
    }
}

/* The file offset of an RVA through the section table, or 0. */
static DWORD rva_offset(const IMAGE_SECTION_HEADER *s, DWORD n, DWORD rva, DWORD size)
{
    DWORD i;

    for (i = 0; i < n; i++)
        if (rva >= s[i].VirtualAddress && rva - s[i].VirtualAddress < s[i].SizeOfRawData &&
            s[i].PointerToRawData + (rva - s[i].VirtualAddress) < size)
            return s[i].PointerToRawData + (rva - s[i].VirtualAddress);
    return 0;
}

/* Without CERT_PE_IMAGE_DIGEST_ALL_IMPORT_INFO, what binding rewrites is
 * left out: each import descriptor's TimeDateStamp and ForwarderChain, and
 * its import address table (Wine's imagehlp tests, which pass on Windows,
 * list the pieces Windows hands over for such an image). */
static void import_holes(const BYTE *data, DWORD size, const IMAGE_NT_HEADERS *nt,
                         const IMAGE_SECTION_HEADER *s, DWORD n, struct holes *h)
{
    BOOL pe64 = nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    const IMAGE_DATA_DIRECTORY *dir = pe64
        ? &((const IMAGE_NT_HEADERS64 *)nt)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT]
        : &((const IMAGE_NT_HEADERS32 *)nt)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    DWORD off = dir->VirtualAddress ? rva_offset(s, n, dir->VirtualAddress, size) : 0, thunk = pe64 ? 8 : 4;
    unsigned count;

    if (!off) return;
    for (count = 0; count < 1024 && off + sizeof(IMAGE_IMPORT_DESCRIPTOR) <= size; count++)
    {
        IMAGE_IMPORT_DESCRIPTOR d;
        DWORD iat, end;

        memcpy(&d, data + off, sizeof(d));
        if (!d.Name && !d.FirstThunk) break;
        hole_add(h, off + 4, off + 12);
        if ((iat = rva_offset(s, n, d.FirstThunk, size)))
        {
            for (end = iat; end + thunk <= size; end += thunk)
            {
                ULONGLONG v = 0;

                memcpy(&v, data + end, thunk);
                if (!v) break;
            }
            hole_add(h, iat, end + thunk <= size ? end + thunk : end);
        }
        off += sizeof(d);
    }
}

static BOOL emit(DIGEST_FUNCTION fn, DIGEST_HANDLE ctx, const BYTE *p, DWORD len)
{
    return !len || fn(ctx, (PBYTE)p, len);
}

/* [lo, hi) minus the holes, in order. */
static BOOL emit_range(DIGEST_FUNCTION fn, DIGEST_HANDLE ctx, const BYTE *data, DWORD lo, DWORD hi,
                       const struct holes *h)
{
    DWORD pos = lo;
    unsigned i, j;
    DWORD order[64];

    for (i = 0; i < h->n; i++) order[i] = i;
    for (i = 1; i < h->n; i++)
        for (j = i; j > 0 && h->lo[order[j - 1]] > h->lo[order[j]]; j--)
        {
            DWORD t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (i = 0; i < h->n; i++)
    {
        DWORD a = h->lo[order[i]], b = h->hi[order[i]];

        if (b <= pos || a >= hi) continue;
        if (a > pos && !emit(fn, ctx, data + pos, a - pos)) return FALSE;
        if (b > pos) pos = b;
    }
    return pos >= hi || emit(fn, ctx, data + pos, hi - pos);
}

BOOL WINAPI ImageGetDigestStream(HANDLE file, DWORD level, DIGEST_FUNCTION fn, DIGEST_HANDLE ctx)
{
    struct file_data fd;
    struct holes holes;
    IMAGE_NT_HEADERS *nt;
    IMAGE_SECTION_HEADER *s;
    BYTE *hdr = NULL;
    DWORD n, i, nt_off, nt_len;
    BOOL ret = FALSE, pe64;

    if (!file || file == INVALID_HANDLE_VALUE || !fn)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!read_file_data(file, &fd)) return FALSE;
    if (!(nt = image_headers(fd.data, fd.size, &s, &n)))
    {
        free(fd.data);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pe64 = nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    nt_off = (DWORD)((BYTE *)nt - fd.data);
    nt_len = 4 + sizeof(IMAGE_FILE_HEADER) + nt->FileHeader.SizeOfOptionalHeader;
    /* The NT headers with what changes without changing the code zeroed:
     * the checksum, SizeOfInitializedData and SizeOfImage (Wine's tests,
     * passing on Windows, expect these zeroed), and the certificate table's
     * directory entry, which signing fills in. */
    if (!(hdr = malloc(nt_len)))
    {
        free(fd.data);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(hdr, nt, nt_len);
    if (pe64)
    {
        IMAGE_NT_HEADERS64 *h = (IMAGE_NT_HEADERS64 *)hdr;

        h->OptionalHeader.CheckSum = 0;
        h->OptionalHeader.SizeOfInitializedData = 0;
        h->OptionalHeader.SizeOfImage = 0;
        if (h->OptionalHeader.NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_SECURITY &&
            nt_len >= FIELD_OFFSET(IMAGE_NT_HEADERS64, OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY + 1]))
            memset(&h->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY], 0,
                   sizeof(IMAGE_DATA_DIRECTORY));
    }
    else
    {
        IMAGE_NT_HEADERS32 *h = (IMAGE_NT_HEADERS32 *)hdr;

        h->OptionalHeader.CheckSum = 0;
        h->OptionalHeader.SizeOfInitializedData = 0;
        h->OptionalHeader.SizeOfImage = 0;
        if (h->OptionalHeader.NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_SECURITY &&
            nt_len >= FIELD_OFFSET(IMAGE_NT_HEADERS32, OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY + 1]))
            memset(&h->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY], 0,
                   sizeof(IMAGE_DATA_DIRECTORY));
    }
    memset(&holes, 0, sizeof(holes));
    if (!(level & CERT_PE_IMAGE_DIGEST_ALL_IMPORT_INFO)) import_holes(fd.data, fd.size, nt, s, n, &holes);
    if (!emit(fn, ctx, fd.data, nt_off) || !emit(fn, ctx, hdr, nt_len) ||
        !emit(fn, ctx, (BYTE *)s, n * sizeof(*s)))
        goto done;
    for (i = 0; i < n; i++)
    {
        DWORD lo = s[i].PointerToRawData, len = s[i].SizeOfRawData;
        char name[9];

        memcpy(name, s[i].Name, 8);
        name[8] = 0;
        if (!len || lo >= fd.size) continue;
        if (len > fd.size - lo) len = fd.size - lo;
        /* Resources and debug sections only when asked for. */
        if (!(level & CERT_PE_IMAGE_DIGEST_RESOURCES) && !strcmp(name, ".rsrc")) continue;
        if (!(level & CERT_PE_IMAGE_DIGEST_DEBUG_INFO) &&
            (!strncmp(name, ".debug", 6) || !strncmp(name, "/", 1)))
            continue;
        if (!emit_range(fn, ctx, fd.data, lo, lo + len, &holes)) goto done;
    }
    /* CERT_PE_IMAGE_DIGEST_NON_PE_INFO: what follows the last section's
     * data in the file (an overlay), the certificate table left out. */
    if (level & CERT_PE_IMAGE_DIGEST_NON_PE_INFO)
    {
        struct cert_table t;
        DWORD end = 0;

        for (i = 0; i < n; i++)
            if (s[i].SizeOfRawData && s[i].PointerToRawData < fd.size)
            {
                DWORD e = s[i].SizeOfRawData > fd.size - s[i].PointerToRawData
                          ? fd.size : s[i].PointerToRawData + s[i].SizeOfRawData;

                if (e > end) end = e;
            }
        DWORD err = GetLastError();

        memset(&holes, 0, sizeof(holes));
        if (find_table(&fd, &t) && t.size) hole_add(&holes, t.off, t.off + t.size);
        SetLastError(err);
        if (end && end < fd.size && !emit_range(fn, ctx, fd.data, end, fd.size, &holes)) goto done;
    }
    ret = TRUE;
done:
    free(hdr);
    free(fd.data);
    return ret;
}
