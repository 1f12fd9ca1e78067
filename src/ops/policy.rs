//! IAM policies for the console (see below).
