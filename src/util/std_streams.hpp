#pragma once
// Standard streams the caller closed (`anlink-doctor check >&-`): left closed, their numbers
// would go to the next file or socket opened (libcurl's), and the report with them.
namespace anlink {

struct StdStreams {
  bool in_closed = false, out_closed = false, err_closed = false;
};

// Opens /dev/null on each of fds 0, 1 and 2 that is closed, and says which were. Call first.
StdStreams reserve_std_streams();

// What reserve_std_streams found.
const StdStreams& std_streams();

}  // namespace anlink
