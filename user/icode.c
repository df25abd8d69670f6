// JOS lab 5's icode: read /motd from the file system, then spawn /init
// with two arguments.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	char buf[512];
	int fd, n;
	envid_t r;

	binaryname = "icode";
	cprintf("icode startup\n");

	cprintf("icode: open /motd\n");
	if ((fd = open("/motd", O_RDONLY)) < 0)
		panic("icode: open /motd: %e", fd);
	cprintf("icode: read /motd\n");
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sys_cputs(buf, n);
	cprintf("icode: close /motd\n");
	close(fd);

	cprintf("icode: spawn /init\n");
	if ((r = spawnl("/init", "init", "initarg1", "initarg2", NULL)) < 0)
		panic("icode: spawn /init: %e", r);
	cprintf("icode: exiting\n");
}
