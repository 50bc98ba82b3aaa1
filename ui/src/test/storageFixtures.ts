// A small rclone schema for tests: S3 with providers, credentials (sensitive and password),
// an int option and an advanced bool; WebDAV with a password.

import type { DataConnector, RCloneEntry, RCloneOption } from "../api/types";

function opt(o: Partial<RCloneOption> & { name: string }): RCloneOption {
  return {
    help: `Help for ${o.name}.\n\nMore details.`,
    default: "",
    default_str: "",
    required: false,
    ispassword: false,
    sensitive: false,
    advanced: false,
    exclusive: false,
    type: "string",
    ...o,
  };
}

export const S3: RCloneEntry = {
  name: "s3",
  description: "Amazon S3 Compliant Storage Providers",
  prefix: "s3",
  options: [
    opt({
      name: "provider",
      help: "Choose your S3 provider.",
      exclusive: true,
      examples: [
        { value: "AWS", help: "Amazon Web Services (AWS) S3" },
        { value: "Other", help: "Any other S3 compatible provider" },
      ],
    }),
    opt({ name: "access_key_id", help: "AWS Access Key ID.", sensitive: true }),
    opt({ name: "secret_access_key", help: "AWS Secret Access Key (password).", sensitive: true, ispassword: true }),
    opt({ name: "region", help: "Region to connect to.", provider: "AWS", examples: [{ value: "us-east-1", help: "The default" }, { value: "eu-west-1", help: "Ireland" }] }),
    opt({ name: "endpoint", help: "Endpoint for S3 API.", provider: "!AWS" }),
    opt({ name: "upload_concurrency", help: "Concurrency for multipart uploads.", type: "int", advanced: true, default: 4, default_str: "4" }),
    opt({ name: "force_path_style", help: "If true use path style access.", type: "bool", advanced: true, default: true, default_str: "true" }),
  ],
};

export const WEBDAV: RCloneEntry = {
  name: "webdav",
  description: "WebDAV",
  prefix: "webdav",
  options: [
    opt({ name: "url", help: "URL of http host to connect to.", required: true }),
    opt({ name: "user", help: "User name." }),
    opt({ name: "pass", help: "Password.", ispassword: true, sensitive: true }),
  ],
};

export const SCHEMA: RCloneEntry[] = [WEBDAV, S3];

export function connector(over: Partial<DataConnector> = {}): DataConnector {
  return {
    id: "01DC",
    name: "Climate data",
    namespace: "alice",
    slug: "climate-data",
    creation_date: "2026-11-30T12:00:00Z",
    created_by: "u-alice",
    visibility: "private",
    etag: '"DC1"',
    storage: {
      storage_type: "s3",
      configuration: { type: "s3", provider: "AWS", region: "eu-west-1", access_key_id: "<sensitive>", secret_access_key: "<sensitive>" },
      source_path: "bucket/climate",
      target_path: "climate",
      readonly: true,
      sensitive_fields: [S3.options[1], S3.options[2]],
    },
    ...over,
  };
}
