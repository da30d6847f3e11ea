/*
 * replay.c: runs a fuzz target's entry point on files, without libFuzzer:
 * `make check` replays the regression inputs of tools/fuzz/corpus/ and
 * seeds made from the tree's fixtures this way, natively under ASan and
 * UBSan (tools/fuzz/replay.test).  Exit status: 0 when every file ran.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i, ran = 0;

    for (i = 1; i < argc; i++)
    {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *data;
        long len;

        if (!f) { fprintf(stderr, "replay: cannot open %s\n", argv[i]); return 1; }
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        data = malloc(len > 0 ? (size_t)len : 1);
        if (!data || (len > 0 && fread(data, 1, (size_t)len, f) != (size_t)len))
        {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(data, (size_t)len);
        free(data);
        ran++;
    }
    printf("replay: %d inputs\n", ran);
    return 0;
}
