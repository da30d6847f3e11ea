/*
 * imagecert.c: imagehlp's attribute certificate functions and
 * ImageGetDigestStream, on a copy of a real DLL.
 *
 * Evidence for Windows: Wine's imagehlp tests (integrity.c and image.c,
 * which pass on Windows): adding returns the next index, the data call
 * answers a short buffer with ERROR_INSUFFICIENT_BUFFER and the length,
 * removing one keeps the other intact, and adding then removing gives the
 * file back at its 8-byte-aligned size; ImageGetDigestStream refuses a
 * NULL handle, a NULL function and an empty file with
 * ERROR_INVALID_PARAMETER, hands over the DOS part, the NT headers with
 * CheckSum, SizeOfInitializedData and SizeOfImage zeroed, the section
 * table and the sections, and without CERT_PE_IMAGE_DIGEST_ALL_IMPORT_INFO
 * leaves out what binding rewrites.  The signed result must still load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <imagehlp.h>
#include <wintrust.h>

static BOOL (WINAPI *pImageAddCertificate)(HANDLE, LPWIN_CERTIFICATE, PDWORD);
static BOOL (WINAPI *pImageEnumerateCertificates)(HANDLE, WORD, PDWORD, PDWORD, DWORD);
static BOOL (WINAPI *pImageGetCertificateData)(HANDLE, DWORD, LPWIN_CERTIFICATE, PDWORD);
static BOOL (WINAPI *pImageGetCertificateHeader)(HANDLE, DWORD, LPWIN_CERTIFICATE);
static BOOL (WINAPI *pImageRemoveCertificate)(HANDLE, DWORD);
static BOOL (WINAPI *pImageGetDigestStream)(HANDLE, DWORD, DIGEST_FUNCTION, DIGEST_HANDLE);
static PIMAGE_NT_HEADERS (WINAPI *pCheckSumMappedFile)(PVOID, DWORD, PDWORD, PDWORD);

static char copy_path[MAX_PATH];

static DWORD file_size(const char *path)
{
    WIN32_FILE_ATTRIBUTE_DATA fa;
    return GetFileAttributesExA(path, GetFileExInfoStandard, &fa) ? fa.nFileSizeLow : 0;
}

static HANDLE open_rw(void)
{
    return CreateFileA(copy_path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                       0, NULL);
}

static WIN_CERTIFICATE *make_cert(DWORD len, BYTE fill)
{
    WIN_CERTIFICATE *c = calloc(1, FIELD_OFFSET(WIN_CERTIFICATE, bCertificate) + len);

    c->dwLength = FIELD_OFFSET(WIN_CERTIFICATE, bCertificate) + len;
    c->wRevision = WIN_CERT_REVISION_2_0;
    c->wCertificateType = WIN_CERT_TYPE_PKCS_SIGNED_DATA;
    memset(c->bCertificate, fill, len);
    return c;
}

static DWORD count_certs(WORD type)
{
    HANDLE h = open_rw();
    DWORD n = 0xdeadbeef;

    ok(pImageEnumerateCertificates(h, type, &n, NULL, 0), "enumerate: %lu\n", GetLastError());
    CloseHandle(h);
    return n;
}

static void check_cert(DWORD index, const WIN_CERTIFICATE *want)
{
    HANDLE h = open_rw();
    WIN_CERTIFICATE hdr, *got;
    DWORD len = 0;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = pImageGetCertificateData(h, index, NULL, &len);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "no buffer: %d %lu\n", ret,
       GetLastError());
    ok(len == want->dwLength, "index %lu: length %lu, want %lu\n", index, len, want->dwLength);
    got = calloc(1, len + 8);
    ret = pImageGetCertificateData(h, index, got, &len);
    ok(ret && !memcmp(got, want, want->dwLength), "index %lu: data differs\n", index);
    ok(pImageGetCertificateHeader(h, index, &hdr) && hdr.dwLength == want->dwLength &&
       hdr.wCertificateType == want->wCertificateType, "index %lu: header\n", index);
    free(got);
    CloseHandle(h);
}

static void test_certificates(void)
{
    WIN_CERTIFICATE *a = make_cert(700, 0x5a), *b = make_cert(7, 0xa5);
    DWORD orig, index = 0xdeadbeef, first, header, sum;
    HANDLE h;
    HMODULE mod;
    BYTE *data;
    BOOL ret;

    orig = (file_size(copy_path) + 7) & ~7u;
    ok(count_certs(CERT_SECTION_TYPE_ANY) == 0, "fresh copy has certificates\n");
    h = open_rw();
    ret = pImageAddCertificate(h, a, &index);
    ok(ret, "add: %lu\n", GetLastError());
    first = index;
    CloseHandle(h);
    check_cert(first, a);
    ok(count_certs(CERT_SECTION_TYPE_ANY) == 1, "one added, %lu listed\n", count_certs(CERT_SECTION_TYPE_ANY));
    ok(count_certs(WIN_CERT_TYPE_PKCS_SIGNED_DATA) == 1, "by type\n");
    ok(count_certs(WIN_CERT_TYPE_X509) == 0, "other type listed\n");

    /* The checksum was brought up to date, and the DLL still loads. */
    {
        HANDLE f = CreateFileA(copy_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        DWORD size = GetFileSize(f, NULL), got = 0;

        data = malloc(size);
        ReadFile(f, data, size, &got, NULL);
        CloseHandle(f);
        pCheckSumMappedFile(data, size, &header, &sum);
        ok(header == sum, "checksum %#lx, file says %#lx\n", sum, header);
        free(data);
    }
    /* (Wine 8.0's builtin leaves a copy whose entry point faults.) */
    mod = wtest_platform == WTEST_WINE ? NULL : LoadLibraryA(copy_path);
    ok(mod != NULL || wtest_platform == WTEST_WINE, "signed copy does not load: %lu\n",
       GetLastError());
    if (mod)
    {
        FARPROC add = GetProcAddress(mod, "fixture_add");
        ok(add && ((int (*)(int, int))(void *)add)(2, 3) == 5, "signed copy does not run\n");
        FreeLibrary(mod);
    }

    h = open_rw();
    ok(pImageAddCertificate(h, b, &index) && index == first + 1, "second: index %lu\n", index);
    CloseHandle(h);
    check_cert(first, a);
    check_cert(first + 1, b);
    h = open_rw();
    ok(pImageRemoveCertificate(h, first), "remove: %lu\n", GetLastError());
    CloseHandle(h);
    check_cert(first, b);
    h = open_rw();
    ok(pImageRemoveCertificate(h, first), "remove: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!pImageRemoveCertificate(h, first), "removed one that is not there\n");
    CloseHandle(h);
    ok(count_certs(CERT_SECTION_TYPE_ANY) == 0, "certificates left\n");
    ok(file_size(copy_path) == orig, "file size %lu, want %lu\n", file_size(copy_path), orig);
    free(a);
    free(b);
}

/* The digest: all pieces concatenated. */
struct digest
{
    BYTE *data;
    DWORD size;
    unsigned pieces;
};

static BOOL WINAPI collect(DIGEST_HANDLE ctx, PBYTE p, DWORD len)
{
    struct digest *d = ctx;

    d->data = realloc(d->data, d->size + len);
    memcpy(d->data + d->size, p, len);
    d->size += len;
    d->pieces++;
    return TRUE;
}

static BOOL digest_of(DWORD level, struct digest *d)
{
    HANDLE h = open_rw();
    BOOL ret;

    memset(d, 0, sizeof(*d));
    ret = pImageGetDigestStream(h, level, collect, d);
    CloseHandle(h);
    return ret;
}

static void test_digest(void)
{
    struct digest plain, all, signed_plain, touched;
    WIN_CERTIFICATE *c = make_cert(100, 1);
    IMAGE_NT_HEADERS *nt;
    DWORD index, iat_rva, off = 0, i, written;
    char empty[MAX_PATH];
    HANDLE h;
    BYTE *file;
    DWORD size, got = 0;

    SetLastError(0xdeadbeef);
    ok(!pImageGetDigestStream(NULL, 0, collect, &plain) && GetLastError() == ERROR_INVALID_PARAMETER,
       "NULL handle: %lu\n", GetLastError());
    snprintf(empty, sizeof(empty), "%sempty.dll", wtest_tmpdir);
    h = CreateFileA(empty, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    SetLastError(0xdeadbeef);
    ok(!pImageGetDigestStream(h, 0, NULL, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "NULL function: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!pImageGetDigestStream(h, 0, collect, &plain) && GetLastError() == ERROR_INVALID_PARAMETER,
       "empty file: %lu\n", GetLastError());
    CloseHandle(h);
    DeleteFileA(empty);

    ok(digest_of(0, &plain) && digest_of(CERT_PE_IMAGE_DIGEST_ALL_IMPORT_INFO, &all),
       "digest: %lu\n", GetLastError());
    /* The NT headers come second, with the three fields zeroed. */
    ok(plain.size > 0x40 && all.size > plain.size, "sizes %lu %lu\n", plain.size, all.size);
    h = CreateFileA(copy_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    size = GetFileSize(h, NULL);
    file = malloc(size);
    ReadFile(h, file, size, &got, NULL);
    CloseHandle(h);
    nt = (IMAGE_NT_HEADERS *)(file + ((IMAGE_DOS_HEADER *)file)->e_lfanew);
    {
        IMAGE_NT_HEADERS *dn = (IMAGE_NT_HEADERS *)(plain.data + ((IMAGE_DOS_HEADER *)file)->e_lfanew);

        ok(!memcmp(plain.data, file, ((IMAGE_DOS_HEADER *)file)->e_lfanew), "DOS part differs\n");
        ok(dn->OptionalHeader.CheckSum == 0 && dn->OptionalHeader.SizeOfImage == 0 &&
           dn->OptionalHeader.SizeOfInitializedData == 0, "fields not zeroed\n");
        ok(dn->OptionalHeader.AddressOfEntryPoint == nt->OptionalHeader.AddressOfEntryPoint &&
           dn->FileHeader.TimeDateStamp == nt->FileHeader.TimeDateStamp, "headers differ\n");
    }
    /* Signing does not change the digest. */
    h = open_rw();
    ok(pImageAddCertificate(h, c, &index), "add: %lu\n", GetLastError());
    CloseHandle(h);
    ok(digest_of(0, &signed_plain), "digest after signing: %lu\n", GetLastError());
    /* Wine 8.0's builtin digests the certificate table's directory entry. */
    todo_wine ok(signed_plain.size == plain.size && !memcmp(signed_plain.data, plain.data, plain.size),
                 "signing changed the digest\n");
    h = open_rw();
    pImageRemoveCertificate(h, index);
    CloseHandle(h);

    /* Binding rewrites the import address table: left out by default. */
    iat_rva = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IAT].VirtualAddress;
    {
        IMAGE_SECTION_HEADER *s = IMAGE_FIRST_SECTION(nt);

        for (i = 0; i < nt->FileHeader.NumberOfSections; i++)
            if (iat_rva >= s[i].VirtualAddress && iat_rva - s[i].VirtualAddress < s[i].SizeOfRawData)
                off = s[i].PointerToRawData + iat_rva - s[i].VirtualAddress;
    }
    ok(off != 0, "fixa.dll has no import address table\n");
    if (off)
    {
        file[off] ^= 0xff;
        h = open_rw();
        SetFilePointer(h, 0, NULL, FILE_BEGIN);
        WriteFile(h, file, size, &written, NULL);
        CloseHandle(h);
        ok(digest_of(0, &touched), "digest: %lu\n", GetLastError());
        ok(touched.size == plain.size && !memcmp(touched.data, plain.data, plain.size),
           "the IAT counts without ALL_IMPORT_INFO\n");
        free(touched.data);
        ok(digest_of(CERT_PE_IMAGE_DIGEST_ALL_IMPORT_INFO, &touched), "digest: %lu\n", GetLastError());
        ok(touched.size == all.size && memcmp(touched.data, all.data, all.size),
           "the IAT does not count with ALL_IMPORT_INFO\n");
        free(touched.data);
    }
    /* Data past the last section (an overlay) counts only with
     * CERT_PE_IMAGE_DIGEST_NON_PE_INFO, and a certificate table never
     * (Microsoft's documentation of the flag; the Authenticode hash leaves
     * the table out). */
    if (off) file[off] ^= 0xff;
    {
        BYTE overlay[104];
        struct digest with, without, signed_with;

        for (i = 0; i < sizeof(overlay); i++) overlay[i] = (BYTE)(0xc0 + i);
        h = open_rw();
        SetFilePointer(h, 0, NULL, FILE_BEGIN);
        WriteFile(h, file, size, &written, NULL);
        WriteFile(h, overlay, sizeof(overlay), &written, NULL);
        SetEndOfFile(h);
        CloseHandle(h);
        ok(digest_of(0, &without) && digest_of(CERT_PE_IMAGE_DIGEST_NON_PE_INFO, &with), "digest: %lu\n",
           GetLastError());
        ok(without.size == plain.size && !memcmp(without.data, plain.data, plain.size),
           "the overlay counts without NON_PE_INFO\n");
        /* Wine 8.0's builtin ignores CERT_PE_IMAGE_DIGEST_NON_PE_INFO. */
        todo_wine ok(with.size == plain.size + sizeof(overlay) &&
                     !memcmp(with.data + plain.size, overlay, sizeof(overlay)),
                     "the overlay is not at the end with NON_PE_INFO: %lu bytes\n", with.size);
        h = open_rw();
        ok(pImageAddCertificate(h, c, &index), "add: %lu\n", GetLastError());
        CloseHandle(h);
        ok(digest_of(CERT_PE_IMAGE_DIGEST_NON_PE_INFO, &signed_with), "digest: %lu\n", GetLastError());
        todo_wine ok(signed_with.size == with.size && !memcmp(signed_with.data, with.data, with.size),
                     "the certificate counts with NON_PE_INFO\n");
        free(with.data);
        free(without.data);
        free(signed_with.data);
        h = open_rw();
        SetFilePointer(h, 0, NULL, FILE_BEGIN);
        WriteFile(h, file, size, &written, NULL);
        SetEndOfFile(h);
        CloseHandle(h);
    }
    free(file);
    free(plain.data);
    free(all.data);
    free(signed_plain.data);
    free(c);
}

#define GET(name) (p##name = (void *)GetProcAddress(imagehlp, #name))

START_TEST(imagecert)
{
    HMODULE imagehlp = wtest_imagehlp();
    char fixa[MAX_PATH];

    if (!imagehlp) return;
    ok(GET(ImageAddCertificate) && GET(ImageEnumerateCertificates) && GET(ImageGetCertificateData) &&
       GET(ImageGetCertificateHeader) && GET(ImageRemoveCertificate) && GET(ImageGetDigestStream) &&
       GET(CheckSumMappedFile), "a function is missing\n");
    if (!pImageAddCertificate || !pImageEnumerateCertificates || !pImageGetCertificateData ||
        !pImageGetCertificateHeader || !pImageRemoveCertificate || !pImageGetDigestStream ||
        !pCheckSumMappedFile)
        return;
    snprintf(fixa, sizeof(fixa), "%sfixa.dll", wtest_fixtures);
    snprintf(copy_path, sizeof(copy_path), "%ssigned.dll", wtest_tmpdir);
    ok(CopyFileA(fixa, copy_path, FALSE), "cannot copy fixa.dll: %lu\n", GetLastError());
    test_certificates();
    test_digest();
    DeleteFileA(copy_path);
}
