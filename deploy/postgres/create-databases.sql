-- Each service has its own database (DESIGN.md section 1); run once by the postgres image
-- on an empty data volume (/docker-entrypoint-initdb.d).
CREATE DATABASE booking;
CREATE DATABASE notifications;
CREATE DATABASE payments;
