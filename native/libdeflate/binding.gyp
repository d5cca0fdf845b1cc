{
  "targets": [
    {
      "target_name": "coca_libdeflate",
      "sources": ["inflate.c"],
      "cflags": ["-O2"],
      "libraries": ["-l:libdeflate.so.0"]
    }
  ]
}
