/* Prints a file: cat(1) for a guest. Usage: catfile PATH */
#include <stdio.h>

int main(int argc, char **argv)
{
	char buf[4096];
	size_t n;
	FILE *f = argc == 2 ? fopen(argv[1], "r") : NULL;

	if (!f) {
		perror(argc == 2 ? argv[1] : "usage: catfile PATH");
		return 1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	return 0;
}
