@{
    Parameters = @{
        S3Endpoint = 'The endpoint of an S3-compatible store (MinIO, Ceph, s3rver…) for s3:// locations, over the AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL environment variables; addressing is then path-style. Credentials and region always come from the AWS SDK''s default chain: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, AWS_PROFILE and the shared credentials file, then instance and container roles.'
    }
}
