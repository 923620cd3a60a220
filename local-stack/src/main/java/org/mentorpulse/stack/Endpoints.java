package org.mentorpulse.stack;

/** Where the running stack's services can be reached: all the pipeline needs to know. */
public record Endpoints(String kafkaBootstrap, String clickhouseJdbcUrl, String clickhouseUser,
        String clickhousePassword) {}
