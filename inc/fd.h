// File descriptors: the library's table of open files, consoles and pipes.
// Names and layout as in JOS lab 5.
//
// Descriptor i is the page at FDTABLE + i*PGSIZE, holding its struct Fd;
// a descriptor is open exactly when that page is mapped. Each descriptor
// also owns a PTSIZE window at FILEDATA + i*PTSIZE for the device's data
// (a pipe's buffer). Both are mapped PTE_SHARE, so fork and spawn hand the
// same open files to the child, offsets included.

#ifndef JOS_INC_FD_H
#define JOS_INC_FD_H

#include <inc/types.h>
#include <inc/fs.h>

#define MAXFD		32		// descriptors per environment
#define FDTABLE		0xD0000000	// where descriptor pages start
#define FILEDATA	(FDTABLE + MAXFD * PGSIZE)
#define PIPEBUFSIZ	2048		// bytes a pipe holds (a power of 2)

struct Fd;
struct Stat;

// A kind of descriptor: its operations. dev_trunc may be NULL.
struct Dev {
	int dev_id;			// stored in struct Fd's fd_dev_id
	const char *dev_name;
	ssize_t (*dev_read)(struct Fd *fd, void *buf, size_t len);
	ssize_t (*dev_write)(struct Fd *fd, const void *buf, size_t len);
	int (*dev_close)(struct Fd *fd);
	int (*dev_stat)(struct Fd *fd, struct Stat *stat);
	int (*dev_trunc)(struct Fd *fd, off_t length);
};

// What the file server knows a file by.
struct FdFile {
	int id;
};

struct Fd {
	int fd_dev_id;			// which struct Dev
	off_t fd_offset;		// next byte read or written
	int fd_omode;			// O_* flags given to open
	union {
		struct FdFile fd_file;	// devfile
	};
};

struct Stat {
	char st_name[MAXNAMELEN];
	off_t st_size;
	int st_isdir;
	struct Dev *st_dev;
};

char	*fd2data(struct Fd *fd);
int	fd2num(struct Fd *fd);
int	fd_alloc(struct Fd **fd_store);
int	fd_close(struct Fd *fd, bool must_exist);
int	fd_lookup(int fdnum, struct Fd **fd_store);
int	dev_lookup(int devid, struct Dev **dev_store);

extern struct Dev devcons;	// lib/console.c
extern struct Dev devfile;	// lib/file.c
extern struct Dev devpipe;	// lib/pipe.c

#endif	// !JOS_INC_FD_H
