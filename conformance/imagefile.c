/*
 * imagefile.c: imagehlp.dll's own functions on image files:
 * CheckSumMappedFile, MapFileAndCheckSum(A/W), ImageLoad / ImageUnload,
 * MapAndLoad / UnMapAndLoad, GetImageUnusedHeaderBytes,
 * Get/SetImageConfigInformation, TouchFileTimes.
 *
 * Evidence for Windows: Wine's imagehlp tests (image.c, which pass on
 * Windows) check ImageLoad's record (ModuleName as given, the mapping, the
 * NT headers, the sections, Characteristics, fSystemImage 0, fDOSImage 0,
 * fReadOnly 1, Version 1, SizeOfImage the file's size) and
 * GetImageUnusedHeaderBytes (the offset of the end of the section table,
 * and SizeOfHeaders minus it); Wine's builtin gets fReadOnly, Version and
 * the unused header bytes wrong.  The checksum is checked against GNU ld's
 * (the fixture DLLs carry the one ld computed) and against a sum computed
 * here.  That UnMapAndLoad updates the checksum of an image mapped
 * writable is what Windows' imagehlp does for BindImage (ReactOS's
 * imagehlp, written against it, does the same); Wine's builtin does not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "mkpe.h"
#include <imagehlp.h>

static PIMAGE_NT_HEADERS (WINAPI *pCheckSumMappedFile)(PVOID, DWORD, PDWORD, PDWORD);
static DWORD (WINAPI *pMapFileAndCheckSumA)(PCSTR, PDWORD, PDWORD);
static DWORD (WINAPI *pMapFileAndCheckSumW)(PCWSTR, PDWORD, PDWORD);
static PLOADED_IMAGE (WINAPI *pImageLoad)(PCSTR, PCSTR);
static BOOL (WINAPI *pImageUnload)(PLOADED_IMAGE);
static BOOL (WINAPI *pMapAndLoad)(PCSTR, PCSTR, PLOADED_IMAGE, BOOL, BOOL);
static BOOL (WINAPI *pUnMapAndLoad)(PLOADED_IMAGE);
static DWORD (WINAPI *pGetImageUnusedHeaderBytes)(PLOADED_IMAGE, PDWORD);
static BOOL (WINAPI *pGetImageConfigInformation)(PLOADED_IMAGE, PIMAGE_LOAD_CONFIG_DIRECTORY);
static BOOL (WINAPI *pSetImageConfigInformation)(PLOADED_IMAGE, PIMAGE_LOAD_CONFIG_DIRECTORY);
static BOOL (WINAPI *pTouchFileTimes)(HANDLE, PSYSTEMTIME);

static char fixa_path[MAX_PATH];

/* The image checksum computed here, independently: the folded sum of the
 * 16-bit words with the CheckSum field read as zero, plus the length. */
static DWORD expected_checksum(const BYTE *data, DWORD len, DWORD field)
{
    DWORD sum = 0, i, w;

    for (i = 0; i < len; i += 2)
    {
        w = data[i] | (i + 1 < len ? data[i + 1] << 8 : 0);
        if (field != ~0u && i >= field && i < field + 4) w = 0;
        sum += w;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (sum & 0xffff) + len;
}

static DWORD checksum_field(const BYTE *data)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)data;
    return dos->e_lfanew + 4 + sizeof(IMAGE_FILE_HEADER) +
           FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, CheckSum);
}

static BYTE *read_whole(const char *path, DWORD *size)
{
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BYTE *data = NULL;
    DWORD got = 0;

    *size = 0;
    if (file == INVALID_HANDLE_VALUE) return NULL;
    *size = GetFileSize(file, NULL);
    if ((data = malloc(*size + 1)) && !ReadFile(file, data, *size, &got, NULL)) got = 0;
    CloseHandle(file);
    if (got != *size) { free(data); return NULL; }
    return data;
}

static BOOL write_whole(const char *path, const void *data, DWORD size)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done = 0;
    BOOL ret;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile(file, data, size, &done, NULL) && done == size;
    CloseHandle(file);
    return ret;
}

static void test_checksum_mapped(void)
{
    static const BYTE three[] = { 0x01, 0x02, 0x03 };
    struct mkpe pe;
    DWORD size, header = 0xdeadbeef, sum = 0xdeadbeef, sum2 = 0, field;
    BYTE *data;
    IMAGE_NT_HEADERS *nt;

    static BYTE twos[11];

    /* Not an image: the sum of the bytes and no header sum (Wine's
     * builtin leaves both untouched). */
    nt = pCheckSumMappedFile((void *)three, sizeof(three), &header, &sum);
    ok(nt == NULL, "not a PE: %p\n", nt);
    todo_wine ok(header == 0, "not a PE: header sum %#lx\n", header);
    todo_wine ok(sum == 0x0204 + 3, "not a PE: checksum %#lx\n", sum);
    memset(twos, 0x22, sizeof(twos));
    header = sum = 0xdeadbeef;
    pCheckSumMappedFile(twos, sizeof(twos), &header, &sum);
    todo_wine ok(header == 0 && sum == 0xaad7, "odd count of 0x22: %#lx %#lx\n", header, sum);
    /* Nothing to sum: refused with ERROR_INVALID_PARAMETER (Windows XP left
     * the error alone, as Wine's builtin does). */
    SetLastError(0xdeadbeef);
    ok(pCheckSumMappedFile(NULL, 0, &header, &sum) == NULL, "NULL, 0 accepted\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_PARAMETER, "NULL, 0: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(pCheckSumMappedFile((void *)0xdeadbeef, 0, &header, &sum) == NULL, "length 0 accepted\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_PARAMETER, "length 0: error %lu\n", GetLastError());
    /* A loaded image, as mapped: it has headers, and the error is kept. */
    SetLastError(0xdeadbeef);
    nt = pCheckSumMappedFile(GetModuleHandleA(NULL), 0x1000, &header, &sum);
    ok(nt != NULL, "own image refused\n");
    ok(GetLastError() == 0xdeadbeef, "own image: error %lu\n", GetLastError());

    memset(&pe, 0, sizeof(pe));
    pe.pe64 = TRUE;
    data = mkpe_build(&pe, &size);
    ok(data != NULL, "mkpe_build failed\n");
    if (!data) return;
    field = checksum_field(data);
    memcpy(data + field, "\x78\x56\x34\x12", 4);
    nt = pCheckSumMappedFile(data, size, &header, &sum);
    ok(nt == (IMAGE_NT_HEADERS *)(data + 0x40), "PE: headers %p\n", nt);
    ok(header == 0x12345678, "PE: header sum %#lx\n", header);
    ok(sum == expected_checksum(data, size, field), "PE: checksum %#lx, want %#lx\n", sum,
       expected_checksum(data, size, field));
    /* The stored value takes no part. */
    memcpy(data + field, &sum, 4);
    pCheckSumMappedFile(data, size, &header, &sum2);
    ok(header == sum && sum2 == sum, "stored own sum: header %#lx, checksum %#lx\n", header, sum2);
    /* An odd length: the last byte counts alone. */
    data[0x3fe] = 0x5a;
    pCheckSumMappedFile(data, 0x3ff, &header, &sum);
    ok(sum == expected_checksum(data, 0x3ff, field), "odd length: %#lx, want %#lx\n", sum,
       expected_checksum(data, 0x3ff, field));
    free(data);
}

/* GNU ld writes the checksum of the DLLs it links: ours must agree. */
static void test_checksum_linker(void)
{
    DWORD size, header = 0, sum = 0, header2 = 0, sum2 = 0, ret;
    WCHAR wpath[MAX_PATH];
    BYTE *data = read_whole(fixa_path, &size);

    ok(data != NULL, "cannot read %s\n", fixa_path);
    if (!data) return;
    pCheckSumMappedFile(data, size, &header, &sum);
    ok(header != 0, "fixa.dll carries no checksum\n");
    ok(sum == header, "fixa.dll: checksum %#lx, ld wrote %#lx\n", sum, header);
    ok(sum == expected_checksum(data, size, checksum_field(data)), "fixa.dll: %#lx\n", sum);
    free(data);

    ret = pMapFileAndCheckSumA(fixa_path, &header2, &sum2);
    ok(ret == CHECKSUM_SUCCESS, "MapFileAndCheckSumA: %lu\n", ret);
    ok(header2 == header && sum2 == sum, "MapFileAndCheckSumA: %#lx %#lx\n", header2, sum2);
    MultiByteToWideChar(CP_ACP, 0, fixa_path, -1, wpath, MAX_PATH);
    header2 = sum2 = 0;
    ret = pMapFileAndCheckSumW(wpath, &header2, &sum2);
    ok(ret == CHECKSUM_SUCCESS, "MapFileAndCheckSumW: %lu\n", ret);
    ok(header2 == header && sum2 == sum, "MapFileAndCheckSumW: %#lx %#lx\n", header2, sum2);
}

static void test_map_file_errors(void)
{
    char path[MAX_PATH];
    DWORD header = 0xdeadbeef, sum = 0xdeadbeef, ret;

    snprintf(path, sizeof(path), "%sno-such-file.dll", wtest_tmpdir);
    ret = pMapFileAndCheckSumA(path, &header, &sum);
    ok(ret == CHECKSUM_OPEN_FAILURE, "missing file: %lu\n", ret);
    snprintf(path, sizeof(path), "%sempty.dll", wtest_tmpdir);
    ok(write_whole(path, "", 0), "cannot write %s\n", path);
    ret = pMapFileAndCheckSumA(path, &header, &sum);
    ok(ret == CHECKSUM_MAP_FAILURE, "empty file: %lu\n", ret);
    DeleteFileA(path);
    /* Not an image: the sum of the bytes, no header sum. */
    snprintf(path, sizeof(path), "%stext.dll", wtest_tmpdir);
    ok(write_whole(path, "\x01\x02\x03", 3), "cannot write %s\n", path);
    ret = pMapFileAndCheckSumA(path, &header, &sum);
    ok(ret == CHECKSUM_SUCCESS, "text file: %lu\n", ret);
    todo_wine ok(header == 0 && sum == 0x0207, "text file: %#lx %#lx\n", header, sum);
    DeleteFileA(path);
}

static void test_image_load(void)
{
    char path[MAX_PATH], name[MAX_PATH];
    struct mkpe pe;
    LOADED_IMAGE *img;
    DWORD size, unused = 0xdeadbeef, offset;
    BYTE *data;

    memset(&pe, 0, sizeof(pe));
    pe.pe64 = TRUE;
    pe.characteristics = IMAGE_FILE_LARGE_ADDRESS_AWARE;
    snprintf(path, sizeof(path), "%sloadme.dll", wtest_tmpdir);
    ok(mkpe_write(path, &pe), "cannot write %s\n", path);
    data = mkpe_build(&pe, &size);

    img = pImageLoad(path, NULL);
    ok(img != NULL, "ImageLoad: %lu\n", GetLastError());
    if (img && data)
    {
        ok(!strcmp(img->ModuleName, path), "ModuleName %s\n", img->ModuleName);
        ok(img->MappedAddress && !memcmp(img->MappedAddress, data, size), "MappedAddress\n");
        ok((BYTE *)img->FileHeader == img->MappedAddress + 0x40, "FileHeader %p\n", img->FileHeader);
        ok(img->NumberOfSections == 1, "NumberOfSections %lu\n", img->NumberOfSections);
        ok(img->Sections && !strcmp((char *)img->Sections[0].Name, ".rdata"), "Sections\n");
        ok(img->Characteristics == (IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_DLL |
                                    IMAGE_FILE_LARGE_ADDRESS_AWARE),
           "Characteristics %#lx\n", img->Characteristics);
        ok(!img->fSystemImage && !img->fDOSImage, "fSystemImage %u fDOSImage %u\n",
           img->fSystemImage, img->fDOSImage);
        todo_wine ok(img->fReadOnly == 1, "fReadOnly %u\n", img->fReadOnly);
        todo_wine ok(img->Version == 1, "Version %u\n", img->Version);
        ok(img->SizeOfImage == size, "SizeOfImage %#lx, want the file size %#lx\n",
           img->SizeOfImage, size);
        offset = 0x40 + 4 + sizeof(IMAGE_FILE_HEADER) + sizeof(IMAGE_OPTIONAL_HEADER64) +
                 sizeof(IMAGE_SECTION_HEADER);
        todo_wine ok(pGetImageUnusedHeaderBytes(img, &unused) == offset, "unused bytes at %#lx\n",
                     pGetImageUnusedHeaderBytes(img, &unused));
        todo_wine ok(unused == 0x200 - offset, "unused bytes %#lx, want %#lx\n", unused,
                     0x200 - offset);
        ok(pImageUnload(img), "ImageUnload: %lu\n", GetLastError());
    }
    /* A bare name without extension, found along the path with ".dll". */
    snprintf(name, sizeof(name), "%.*s", (int)strlen(wtest_tmpdir) - 1, wtest_tmpdir);
    img = pImageLoad("loadme", name);
    ok(img != NULL, "ImageLoad along the path: %lu\n", GetLastError());
    if (img)
    {
        ok(!_stricmp(img->ModuleName, path), "found %s, want %s\n", img->ModuleName, path);
        ok(pImageUnload(img), "ImageUnload: %lu\n", GetLastError());
    }
    snprintf(name, sizeof(name), "%sno-such-image.dll", wtest_tmpdir);
    SetLastError(0xdeadbeef);
    ok(pImageLoad(name, NULL) == NULL, "missing file loaded\n");
    DeleteFileA(path);
    free(data);
}

/* MapAndLoad writable: the edit reaches the file, with the checksum. */
static void test_map_and_load(void)
{
    char path[MAX_PATH];
    struct mkpe pe;
    LOADED_IMAGE li;
    DWORD size, header, sum;
    BYTE *data;
    BOOL ret;

    memset(&pe, 0, sizeof(pe));
    pe.pe64 = TRUE;
    snprintf(path, sizeof(path), "%sedit.dll", wtest_tmpdir);
    ok(mkpe_write(path, &pe), "cannot write %s\n", path);
    memset(&li, 0, sizeof(li));
    ret = pMapAndLoad(path, NULL, &li, FALSE, FALSE);
    ok(ret, "MapAndLoad: %lu\n", GetLastError());
    if (ret)
    {
        ok(!li.fReadOnly, "fReadOnly %u\n", li.fReadOnly);
        li.MappedAddress[0x300] = 0x42;
        ok(pUnMapAndLoad(&li), "UnMapAndLoad: %lu\n", GetLastError());
        data = read_whole(path, &size);
        ok(data && data[0x300] == 0x42, "the edit did not reach the file\n");
        if (data)
        {
            pCheckSumMappedFile(data, size, &header, &sum);
            todo_wine ok(header == sum, "checksum not updated: %#lx, want %#lx\n", header, sum);
        }
        free(data);
    }
    /* Not an image. */
    ok(write_whole(path, "plain text, not an image", 24), "cannot write %s\n", path);
    SetLastError(0xdeadbeef);
    ret = pMapAndLoad(path, NULL, &li, FALSE, TRUE);
    ok(!ret, "text file mapped\n");
    DeleteFileA(path);
}

/* A load configuration directory of the DLL's own layout. */
static void test_config_information(void)
{
    char path[MAX_PATH];
    struct mkpe pe;
    LOADED_IMAGE li;
    IMAGE_LOAD_CONFIG_DIRECTORY config, *in;
    IMAGE_NT_HEADERS *nt;
    DWORD size, got;
    BYTE *data;
    BOOL ret;

    memset(&pe, 0, sizeof(pe));
    pe.pe64 = !WTEST_32BIT;
    data = mkpe_build(&pe, &size);
    if (!data) return;
    nt = (IMAGE_NT_HEADERS *)(data + 0x40);
    in = (IMAGE_LOAD_CONFIG_DIRECTORY *)(data + 0x300);
    nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG].VirtualAddress = 0x1100;
    nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG].Size = sizeof(*in);
    in->Size = sizeof(*in);
    in->TimeDateStamp = 0x11223344;
    in->SecurityCookie = 0x1234;
    snprintf(path, sizeof(path), "%sconfig.dll", wtest_tmpdir);
    ok(write_whole(path, data, size), "cannot write %s\n", path);

    ret = pMapAndLoad(path, NULL, &li, FALSE, TRUE);
    ok(ret, "MapAndLoad: %lu\n", GetLastError());
    if (ret)
    {
        memset(&config, 0xcc, sizeof(config));
        todo_wine ok(pGetImageConfigInformation(&li, &config),
                     "GetImageConfigInformation: %lu\n", GetLastError());
        todo_wine ok(config.Size == sizeof(config) && config.TimeDateStamp == 0x11223344 &&
           config.SecurityCookie == 0x1234, "config %lu %#lx\n", config.Size, config.TimeDateStamp);
        config.TimeDateStamp = 0x55667788;
        SetLastError(0xdeadbeef);
        ok(!pSetImageConfigInformation(&li, &config), "read-only image changed\n");
        pUnMapAndLoad(&li);
    }
    ret = pMapAndLoad(path, NULL, &li, FALSE, FALSE);
    ok(ret, "MapAndLoad writable: %lu\n", GetLastError());
    if (ret)
    {
        ret = pSetImageConfigInformation(&li, &config);
        todo_wine ok(ret, "SetImageConfigInformation: %lu\n", GetLastError());
        pUnMapAndLoad(&li);
        free(data);
        data = read_whole(path, &got);
        in = data ? (IMAGE_LOAD_CONFIG_DIRECTORY *)(data + 0x300) : NULL;
        todo_wine ok(in && in->TimeDateStamp == 0x55667788, "config not written\n");
    }
    /* No directory: nothing to read. */
    free(data);
    memset(&pe, 0, sizeof(pe));
    pe.pe64 = !WTEST_32BIT;
    ok(mkpe_write(path, &pe), "cannot write %s\n", path);
    ret = pMapAndLoad(path, NULL, &li, FALSE, TRUE);
    if (ret)
    {
        ok(!pGetImageConfigInformation(&li, &config), "config read from nowhere\n");
        pUnMapAndLoad(&li);
    }
    DeleteFileA(path);
}

static void test_touch(void)
{
    char path[MAX_PATH];
    SYSTEMTIME st = { 2001, 2, 6, 3, 4, 5, 6, 0 }, got;
    FILETIME write, access, now;
    ULARGE_INTEGER a, b;
    HANDLE file;

    snprintf(path, sizeof(path), "%stouch.txt", wtest_tmpdir);
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot create %s\n", path);
    if (file == INVALID_HANDLE_VALUE) return;
    ok(pTouchFileTimes(file, &st), "TouchFileTimes: %lu\n", GetLastError());
    ok(GetFileTime(file, NULL, &access, &write), "GetFileTime: %lu\n", GetLastError());
    FileTimeToSystemTime(&write, &got);
    ok(got.wYear == 2001 && got.wMonth == 2 && got.wDay == 3 && got.wHour == 4 &&
       got.wMinute == 5 && got.wSecond == 6, "last write %u-%u-%u %u:%u:%u\n", got.wYear,
       got.wMonth, got.wDay, got.wHour, got.wMinute, got.wSecond);
    ok(pTouchFileTimes(file, NULL), "TouchFileTimes(now): %lu\n", GetLastError());
    GetFileTime(file, NULL, NULL, &write);
    GetSystemTimeAsFileTime(&now);
    a.LowPart = write.dwLowDateTime; a.HighPart = write.dwHighDateTime;
    b.LowPart = now.dwLowDateTime; b.HighPart = now.dwHighDateTime;
    ok(b.QuadPart - a.QuadPart < 600000000ull, "last write not now\n");
    CloseHandle(file);
    DeleteFileA(path);
}

#define GET(name) (p##name = (void *)GetProcAddress(imagehlp, #name))

START_TEST(imagefile)
{
    HMODULE imagehlp = wtest_imagehlp();

    if (!imagehlp) return;
    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    ok(GET(CheckSumMappedFile) && GET(MapFileAndCheckSumA) && GET(MapFileAndCheckSumW) &&
       GET(ImageLoad) && GET(ImageUnload) && GET(MapAndLoad) && GET(UnMapAndLoad) &&
       GET(GetImageUnusedHeaderBytes) && GET(GetImageConfigInformation) &&
       GET(SetImageConfigInformation) && GET(TouchFileTimes), "imagehlp.dll lacks a function\n");
    if (!pTouchFileTimes || !pSetImageConfigInformation) return;
    test_checksum_mapped();
    test_checksum_linker();
    test_map_file_errors();
    test_image_load();
    test_map_and_load();
    test_config_information();
    test_touch();
}
