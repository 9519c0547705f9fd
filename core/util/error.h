#pragma once

#include <stdexcept>
#include <string>

namespace augstudio::core {

// A failure that names where it happened (a file, a line, a JSON path) and why.
// what() is "<where>: <reason>", the form the CLI prints after "augstudio-cli: ".
class Error : public std::runtime_error {
public:
    Error(std::string where, std::string reason)
        : std::runtime_error(where.empty() ? reason : where + ": " + reason),
          where_(std::move(where)), reason_(std::move(reason)) {}
    const std::string& where() const { return where_; }
    const std::string& reason() const { return reason_; }

private:
    std::string where_;
    std::string reason_;
};

// The pipeline document is wrong: where() is the JSON path of the bad field.
class PipelineError : public Error {
public:
    using Error::Error;
};

// A file cannot be read or written: where() is the path (with ":line" where known).
class IoError : public Error {
public:
    using Error::Error;
};

// An option of a call (ExportOptions and the like) is invalid: where() is the option's field
// name ("shard", "format"); front ends name their own control for it (the CLI its flag).
class OptionError : public Error {
public:
    using Error::Error;
};

} // namespace augstudio::core
